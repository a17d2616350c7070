#include "models/norm/fusion_policy.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/layer_probe.h"

namespace resdense::detail {
namespace {

enum class Fusion { Off, Auto, Always };

Fusion fusion_mode()
{
    static const Fusion mode = [] {
        const char* v = std::getenv("RESDENSE_FUSED_BATCH_NORM");
        if (v && *v == '0')
            return Fusion::Off;
        if (v && std::string(v) == "always")
            return Fusion::Always;
        return Fusion::Auto;
    }();
    return mode;
}

// Whether the kernels can take x at all (and fusion is not switched off).
bool fused_kernel_supports(const torch::Tensor& x, const torch::Tensor& weight)
{
    return fusion_mode() != Fusion::Off && x.device().is_cpu() && x.dim() == 4 &&
           (x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kBFloat16) &&
           x.is_contiguous(torch::MemoryFormat::ChannelsLast) && weight.defined() &&
           weight.scalar_type() == torch::kFloat &&
           x.numel() / std::max<std::int64_t>(1, x.size(1)) > 1;
}

} // namespace

bool fused_batch_norm_relu_applies(const torch::Tensor& x, const torch::Tensor& weight)
{
    // Where the channels do not fill 16-float vectors exactly, LibTorch's own channels-last norm
    // is 1.5-12x slower. Where they do, it is as fast in fp32 and on small bf16 maps (7x7, batch
    // 128), and 1.2-1.7x slower on larger bf16 ones (bench/README.md has the sweep).
    constexpr std::int64_t kLargeMap = std::int64_t{1} << 19;
    return fused_kernel_supports(x, weight) &&
           (fusion_mode() == Fusion::Always || x.size(1) % 16 != 0 ||
            (x.scalar_type() == torch::kBFloat16 && x.numel() >= kLargeMap));
}

bool norm_module_fusable(torch::nn::BatchNorm2d& norm)
{
    const auto& o = norm->options;
    return norm->is_training() && o.affine() && o.track_running_stats() &&
           LayerProbe::current() == nullptr;
}

bool fused_batch_norm_add_relu_applies(torch::nn::BatchNorm2d& norm, const torch::Tensor& x)
{
    return norm_module_fusable(norm) && fused_kernel_supports(x, norm->weight);
}

} // namespace resdense::detail
