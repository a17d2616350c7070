#include <gtest/gtest.h>

#include <torch/torch.h>

#include "io/state_dict.h"
#include "models/net.h"
#include "resdense/error.h"
#include "resdense/model_summary.h"

using namespace resdense;

namespace {

const LayerRow* find_row(const ModelSummary& s, const std::string& name)
{
    for (const auto& row : s.layers)
        if (row.name == name)
            return &row;
    return nullptr;
}

} // namespace

TEST(Summary, ResNet20Table)
{
    const auto s = summarize(model_spec("resnet20"), 32);
    EXPECT_EQ(s.total_params, 269'722);
    EXPECT_EQ(s.trainable_params, 269'722);
    // conv1 + 3 stages x 3 blocks x 2 convs at 32, 16, 8 px + fc, worked out by hand:
    // 442,368 + 14,155,776 + 12,976,128 + 12,976,128 + 640.
    EXPECT_EQ(s.macs, 40'551'040);
    const LayerRow* conv1 = find_row(s, "conv1");
    ASSERT_NE(conv1, nullptr);
    EXPECT_EQ(conv1->type, "Conv2d");
    EXPECT_EQ(conv1->output, (std::vector<std::int64_t>{16, 32, 32}));
    EXPECT_EQ(conv1->params, 3 * 16 * 9);
    const LayerRow* last = find_row(s, "layer3.2.conv2");
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->output, (std::vector<std::int64_t>{64, 8, 8}));
    EXPECT_EQ(s.layers.back().name, "fc");
    EXPECT_EQ(s.layers.back().output, (std::vector<std::int64_t>{10}));
    EXPECT_GT(s.activation_bytes, 16 * 32 * 32 * 4);
}

TEST(Summary, EveryParameterBelongsToARow)
{
    for (const char* name : {"resnet20", "densenet-bc-100", "resnet18", "densenet121"}) {
        auto spec = model_spec(name);
        const auto s = summarize(spec, 64);
        std::int64_t in_rows = 0;
        for (const auto& row : s.layers)
            in_rows += row.params;
        EXPECT_EQ(in_rows, s.total_params) << name;
    }
}

// torchvision's model docs give resnet18 1.81 GFLOPS and densenet121 2.83 GFLOPS at 224 px
// (counted as multiply-accumulates of convolutions and linear layers).
TEST(Summary, ImageNetMacsMatchTorchvision)
{
    EXPECT_NEAR(summarize(model_spec("resnet18"), 224).macs / 1e9, 1.814, 0.006);
    EXPECT_NEAR(summarize(model_spec("densenet121"), 224).macs / 1e9, 2.834, 0.01);
}

TEST(Summary, SmallStemKeepsResolution)
{
    auto spec = model_spec("resnet18");
    spec.stem = Stem::Small;
    spec.in_channels = 1;
    spec.num_classes = 10;
    const auto s = summarize(spec, 28);
    const LayerRow* layer1 = find_row(s, "layer1.1.conv2");
    ASSERT_NE(layer1, nullptr);
    EXPECT_EQ(layer1->output, (std::vector<std::int64_t>{64, 28, 28}));
    EXPECT_EQ(find_row(s, "maxpool"), nullptr);
}

TEST(Summary, ImageTooSmallIsAnError)
{
    EXPECT_THROW(summarize(model_spec("densenet121"), 8), Error);
    EXPECT_THROW(summarize(model_spec("resnet20"), 0), Error);
}

TEST(Summary, ChannelsLastComputesTheSame)
{
    torch::manual_seed(0);
    auto spec = model_spec("densenet-bc-100");
    spec.depth = 40;
    Net nchw = make_model(spec);
    spec.channels_last = true;
    Net nhwc = make_model(spec);
    load_state_dict(*nhwc, state_dict(*nchw), "test");
    nchw->eval();
    nhwc->eval();
    auto x = torch::randn({2, 3, 32, 32});
    auto a = nchw->forward(x);
    auto b = nhwc->forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
    EXPECT_TRUE(torch::allclose(a, b, /*rtol=*/1e-4, /*atol=*/1e-5));
    bool all_nhwc = true;
    for (const auto& p : nhwc->parameters())
        if (p.dim() == 4)
            all_nhwc = all_nhwc && p.is_contiguous(torch::MemoryFormat::ChannelsLast);
    EXPECT_TRUE(all_nhwc);
}

TEST(Summary, GrayscaleInputAndClasses)
{
    auto spec = model_spec("densenet-bc-100");
    spec.in_channels = 1;
    spec.num_classes = 7;
    Net net = make_model(spec);
    net->eval();
    torch::NoGradGuard no_grad;
    auto y = net->forward(torch::zeros({3, 1, 28, 28}));
    EXPECT_EQ(y.sizes(), (std::vector<std::int64_t>{3, 7}));
}
