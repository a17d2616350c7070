#include <gtest/gtest.h>

#include "resdense/error.h"
#include "resdense/model_spec.h"

using namespace resdense;

namespace {

std::string error_of(const ModelSpec& spec)
{
    auto problem = validate(spec);
    return problem ? problem->message : std::string();
}

} // namespace

TEST(ModelSpec, UnknownNameListsValidOnes)
{
    try {
        model_spec("resnet21");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("unknown model 'resnet21'"), std::string::npos) << msg;
        for (const auto& name : model_names())
            EXPECT_NE(msg.find(name), std::string::npos) << name;
    }
}

TEST(ModelSpec, EveryPresetIsValid)
{
    for (const auto& name : model_names())
        EXPECT_FALSE(validate(model_spec(name))) << name << ": " << error_of(model_spec(name));
}

TEST(ModelSpec, CifarDepthMustBeSixNPlusTwo)
{
    auto spec = model_spec("resnet20");
    spec.depth = 21;
    EXPECT_NE(error_of(spec).find("6n+2"), std::string::npos);
    EXPECT_NE(error_of(spec).find("21"), std::string::npos);
    spec.depth = 26;
    EXPECT_EQ(error_of(spec), "");
}

TEST(ModelSpec, DenseNetRules)
{
    auto spec = model_spec("densenet-bc-100");
    spec.growth_rate = 0;
    EXPECT_NE(error_of(spec).find("growth rate"), std::string::npos);
    spec = model_spec("densenet-bc-100");
    spec.compression = 0.0;
    EXPECT_NE(error_of(spec).find("compression"), std::string::npos);
    spec.compression = 1.5;
    EXPECT_NE(error_of(spec).find("(0, 1]"), std::string::npos);
    spec = model_spec("densenet-bc-100");
    spec.depth = 41; // BC needs 6n+4
    EXPECT_NE(error_of(spec).find("6n+4"), std::string::npos);
    spec = model_spec("densenet40");
    spec.depth = 41; // plain needs 3n+4
    EXPECT_NE(error_of(spec).find("3n+4"), std::string::npos);
    spec = model_spec("densenet40");
    spec.dropout = 1.0;
    EXPECT_NE(error_of(spec).find("dropout"), std::string::npos);
}

TEST(ModelSpec, ZeroClassesRefused)
{
    auto spec = model_spec("densenet121");
    spec.num_classes = 0;
    EXPECT_NE(error_of(spec).find("classes"), std::string::npos);
    spec = model_spec("resnet18");
    spec.depth = 19;
    EXPECT_NE(error_of(spec).find("18, 34, 50, 101 or 152"), std::string::npos);
}

TEST(ModelSpec, DenseBlocksFromDepth)
{
    EXPECT_EQ(dense_blocks(model_spec("densenet40")), (std::vector<int>{12, 12, 12}));
    EXPECT_EQ(dense_blocks(model_spec("densenet-bc-100")), (std::vector<int>{16, 16, 16}));
    EXPECT_EQ(dense_blocks(model_spec("densenet121")), (std::vector<int>{6, 12, 24, 16}));
}

TEST(ModelSpec, JsonRoundTrip)
{
    for (const auto& name : model_names()) {
        auto spec = model_spec(name);
        spec.dropout = 0.2;
        spec.channels_last = true;
        EXPECT_EQ(spec_from_json(to_json(spec)), spec) << name;
    }
}

TEST(ModelSpec, BadJsonIsAnError)
{
    EXPECT_THROW(spec_from_json("{\"preset\": 3}"), Error);
    EXPECT_THROW(spec_from_json("not json"), Error);
}

TEST(ModelSpec, Describe)
{
    EXPECT_EQ(describe(model_spec("densenet-bc-100")),
              "DenseNet-BC (L=100, k=12, theta=0.5, small-image stem)");
    EXPECT_EQ(describe(model_spec("resnet20")), "CIFAR ResNet-20 (option A shortcuts)");
    EXPECT_EQ(describe(model_spec("resnet50")), "ResNet-50 (bottleneck blocks, ImageNet stem)");
}
