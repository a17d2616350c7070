#include "models/subsample_pad.h"

#include <cstdint>
#include <cstring>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

namespace resdense {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor aten_form(const torch::Tensor& x, int stride, int pad_before, int pad_after)
{
    using torch::indexing::None;
    using torch::indexing::Slice;
    const torch::Tensor sub =
        x.index({Slice(), Slice(), Slice(None, None, stride), Slice(None, None, stride)});
    return torch::constant_pad_nd(sub, {0, 0, 0, 0, pad_before, pad_after});
}

std::int64_t subsampled(std::int64_t size, int stride)
{
    return (size + stride - 1) / stride;
}

// Pixels per parallel task: a few KiB of channels each, enough to amortise the scheduling.
constexpr std::int64_t kGrain = 256;

struct SubsamplePadFunction : torch::autograd::Function<SubsamplePadFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, int64_t stride,
                                 int64_t pad_before, int64_t pad_after)
    {
        const torch::Tensor x = input.contiguous(torch::MemoryFormat::ChannelsLast);
        const std::int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
        const std::int64_t Ho = subsampled(H, stride), Wo = subsampled(W, stride);
        const std::int64_t Co = C + pad_before + pad_after;
        torch::Tensor y = torch::empty(
            {N, Co, Ho, Wo}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
        const auto es = static_cast<std::int64_t>(x.element_size());
        const auto* in = static_cast<const char*>(x.data_ptr());
        auto* out = static_cast<char*>(y.data_ptr());
        at::parallel_for(0, N * Ho * Wo, kGrain, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t p = begin; p < end; ++p) {
                const std::int64_t n = p / (Ho * Wo), ho = p / Wo % Ho, wo = p % Wo;
                char* o = out + p * Co * es;
                const char* i = in + ((n * H + ho * stride) * W + wo * stride) * C * es;
                std::memset(o, 0, static_cast<std::size_t>(pad_before * es));
                std::memcpy(o + pad_before * es, i, static_cast<std::size_t>(C * es));
                std::memset(o + (pad_before + C) * es, 0, static_cast<std::size_t>(pad_after * es));
            }
        });
        ctx->saved_data["sizes"] = std::vector<int64_t>{N, C, H, W};
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["pad_before"] = pad_before;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const std::vector<int64_t> sizes = ctx->saved_data["sizes"].toIntVector();
        const std::int64_t stride = ctx->saved_data["stride"].toInt();
        const std::int64_t pad_before = ctx->saved_data["pad_before"].toInt();
        const std::int64_t N = sizes[0], C = sizes[1], H = sizes[2], W = sizes[3];
        const torch::Tensor gy = grad_outputs[0].contiguous(torch::MemoryFormat::ChannelsLast);
        const std::int64_t Ho = gy.size(2), Wo = gy.size(3), Co = gy.size(1);
        torch::Tensor gx = torch::empty(
            {N, C, H, W}, gy.options().memory_format(torch::MemoryFormat::ChannelsLast));
        const auto es = static_cast<std::int64_t>(gy.element_size());
        const auto* in = static_cast<const char*>(gy.data_ptr());
        auto* out = static_cast<char*>(gx.data_ptr());
        const auto row_bytes = static_cast<std::size_t>(W * C * es);
        const auto pixel_bytes = static_cast<std::size_t>(C * es);
        // Input row r (image n, line h) of the gradient: zeros off the stride, otherwise every
        // stride-th pixel copied from the output gradient's unpadded channels.
        const auto write_row = [&](std::int64_t r) {
            const std::int64_t n = r / H, h = r % H;
            char* o = out + r * W * C * es;
            if (h % stride != 0) {
                std::memset(o, 0, row_bytes);
                return;
            }
            const char* g = in + ((n * Ho + h / stride) * Wo * Co + pad_before) * es;
            for (std::int64_t w = 0; w < W; ++w, o += C * es) {
                if (w % stride != 0)
                    std::memset(o, 0, pixel_bytes);
                else
                    std::memcpy(o, g + (w / stride) * Co * es, pixel_bytes);
            }
        };
        at::parallel_for(0, N * H, std::max<std::int64_t>(1, kGrain / W),
                         [&](std::int64_t begin, std::int64_t end) {
                             for (std::int64_t r = begin; r < end; ++r)
                                 write_row(r);
                         });
        return {gx, {}, {}, {}};
    }
};

} // namespace

torch::Tensor subsample_pad_channels(const torch::Tensor& x, int stride, int pad_before,
                                     int pad_after)
{
    if (!x.device().is_cpu() || x.dim() != 4 ||
        !x.is_contiguous(torch::MemoryFormat::ChannelsLast) || stride < 1 || pad_before < 0 ||
        pad_after < 0)
        return aten_form(x, stride, pad_before, pad_after);
    return SubsamplePadFunction::apply(x, stride, pad_before, pad_after);
}

} // namespace resdense
