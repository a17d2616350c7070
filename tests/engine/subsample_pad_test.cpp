// The option-A shortcut (every stride-th pixel, channels padded with zeros) must compute what the
// strided index + constant_pad_nd of the reference implementations computes, forward and
// backward, in every memory format and precision it runs in.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/subsample_pad.h"
#include "resdense/build_info.h"

using namespace resdense;

namespace {

struct Grads {
    torch::Tensor y, dx;
};

Grads run(const torch::Tensor& x0, const torch::Tensor& upstream, int stride, int before, int after,
          bool reference)
{
    auto x = x0.detach().clone(x0.suggest_memory_format()).requires_grad_();
    torch::Tensor y;
    if (reference) {
        using torch::indexing::None;
        using torch::indexing::Slice;
        y = torch::constant_pad_nd(
            x.index({Slice(), Slice(), Slice(None, None, stride), Slice(None, None, stride)}),
            {0, 0, 0, 0, before, after});
    } else {
        y = subsample_pad_channels(x, stride, before, after);
    }
    y.backward(upstream);
    return {y.detach(), x.grad()};
}

void expect_same_as_aten(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w, int stride,
                         int before, int after, torch::ScalarType type, bool channels_last)
{
    SCOPED_TRACE(testing::Message() << n << "x" << c << "x" << h << "x" << w << " stride " << stride
                                    << " pad " << before << "+" << after << " "
                                    << c10::toString(type) << (channels_last ? " NHWC" : " NCHW"));
    torch::manual_seed(1);
    auto x = torch::randn({n, c, h, w}).to(type);
    const std::int64_t ho = (h + stride - 1) / stride, wo = (w + stride - 1) / stride;
    auto upstream = torch::randn({n, c + before + after, ho, wo}).to(type);
    if (channels_last) {
        x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        upstream = upstream.contiguous(torch::MemoryFormat::ChannelsLast);
    }
    const Grads ours = run(x, upstream, stride, before, after, false);
    const Grads ref = run(x, upstream, stride, before, after, true);
    ASSERT_EQ(ours.y.sizes(), ref.y.sizes());
    EXPECT_TRUE(torch::equal(ours.y, ref.y));
    EXPECT_TRUE(torch::equal(ours.dx, ref.dx));
    if (channels_last) {
        EXPECT_TRUE(ours.y.is_contiguous(torch::MemoryFormat::ChannelsLast));
        EXPECT_TRUE(ours.dx.is_contiguous(torch::MemoryFormat::ChannelsLast));
    }
    // The padding is zeros and the gradient off the stride is zero: both were exercised.
    EXPECT_EQ(ours.y.narrow(1, 0, before).count_nonzero().item<std::int64_t>(), 0);
    if (stride > 1) {
        EXPECT_EQ(ours.dx.narrow(2, 1, 1).count_nonzero().item<std::int64_t>(), 0);
    }
}

} // namespace

TEST(SubsamplePad, ChannelsLastMatchesTheStridedIndexAndPad)
{
    // ResNet-20's two downsampling shortcuts on 28x28 input, then odd sizes (a last row and
    // column on the stride) and uneven padding.
    expect_same_as_aten(4, 16, 28, 28, 2, 8, 8, torch::kFloat, true);
    expect_same_as_aten(4, 32, 14, 14, 2, 16, 16, torch::kBFloat16, true);
    expect_same_as_aten(3, 5, 7, 9, 2, 2, 3, torch::kFloat, true);
    expect_same_as_aten(2, 6, 9, 7, 3, 1, 0, torch::kBFloat16, true);
    expect_same_as_aten(2, 6, 8, 8, 1, 3, 3, torch::kFloat, true);
}

TEST(SubsamplePad, OtherLayoutsTakeTheAtenForm)
{
    expect_same_as_aten(4, 16, 28, 28, 2, 8, 8, torch::kFloat, false);
    expect_same_as_aten(3, 5, 7, 9, 2, 2, 3, torch::kDouble, false);
}

TEST(SubsamplePad, TwoThreadsSameResult)
{
    const int before = torch::get_num_threads();
    set_threads(2);
    expect_same_as_aten(8, 16, 28, 28, 2, 8, 8, torch::kBFloat16, true);
    set_threads(before);
}
