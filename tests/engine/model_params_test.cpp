// Parameter counts that must come out exactly (DESIGN.md), and the papers' tables for the rest.
#include <gtest/gtest.h>

#include "resdense/model_spec.h"
#include "resdense/model_summary.h"

using resdense::count_parameters;
using resdense::model_spec;

namespace {

std::int64_t params(const std::string& name, int in_channels = 3, int classes = 10)
{
    auto spec = model_spec(name);
    spec.in_channels = in_channels;
    spec.num_classes = classes;
    return count_parameters(spec);
}

} // namespace

TEST(ModelParams, CifarResNetsExact)
{
    EXPECT_EQ(params("resnet20"), 269'722);
    EXPECT_EQ(params("resnet56"), 853'018);
    EXPECT_EQ(params("resnet110"), 1'727'962);
}

TEST(ModelParams, SmallDenseNetsExact)
{
    EXPECT_EQ(params("densenet40"), 1'019'722);
    EXPECT_EQ(params("densenet-bc-100"), 769'162);
    EXPECT_EQ(params("densenet-bc-100", /*in_channels=*/1), 768'730);
    EXPECT_EQ(params("densenet-bc-40", /*in_channels=*/1), 175'690); // DESIGN.md: "about 0.18 M"
}

TEST(ModelParams, TorchvisionResNetsExact)
{
    EXPECT_EQ(params("resnet18", 3, 1000), 11'689'512);
    EXPECT_EQ(params("resnet34", 3, 1000), 21'797'672);
    EXPECT_EQ(params("resnet50", 3, 1000), 25'557'032);
}

TEST(ModelParams, TorchvisionDenseNetsExact)
{
    EXPECT_EQ(params("densenet121", 3, 1000), 7'978'856);
    EXPECT_EQ(params("densenet161", 3, 1000), 28'681'000);
    EXPECT_EQ(params("densenet169", 3, 1000), 14'149'480);
    EXPECT_EQ(params("densenet201", 3, 1000), 20'013'928);
}

TEST(ModelParams, ImageNetPresetsDefaultToThousandClasses)
{
    EXPECT_EQ(count_parameters(model_spec("resnet18")), 11'689'512);
    EXPECT_EQ(count_parameters(model_spec("densenet121")), 7'978'856);
}

// He et al. 2016, table 6 (CIFAR-10): 0.27M, 0.46M, 0.66M, 0.85M, 1.7M, 19.4M.
TEST(ModelParams, CifarResNetPaperTable)
{
    EXPECT_NEAR(params("resnet32") / 1e6, 0.46, 0.005);
    EXPECT_NEAR(params("resnet44") / 1e6, 0.66, 0.005);
    EXPECT_NEAR(params("resnet1202") / 1e6, 19.4, 0.05);
}

// Huang et al. 2017, table 2 (C10): DenseNet L=100 k=12 7.0M; DenseNet-BC L=250 k=24 15.3M;
// L=190 k=40 25.6M.
TEST(ModelParams, DenseNetPaperTable)
{
    EXPECT_NEAR(params("densenet100") / 1e6, 7.0, 0.05);
    EXPECT_NEAR(params("densenet-bc-250") / 1e6, 15.3, 0.05);
    EXPECT_NEAR(params("densenet-bc-190") / 1e6, 25.6, 0.05);
}

TEST(ModelParams, ShortcutBAddsProjections)
{
    auto a = model_spec("resnet20");
    auto b = a;
    b.shortcut = 'B';
    // Two projections (16->32 and 32->64, 1x1 convs with batch norm).
    EXPECT_EQ(count_parameters(b) - count_parameters(a), 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64);
}

TEST(ModelParams, WidthMultiplierWidensEveryStage)
{
    auto spec = model_spec("resnet20");
    spec.width = 2.0;
    EXPECT_GT(count_parameters(spec), 4 * 269'722 - 10'000);
}
