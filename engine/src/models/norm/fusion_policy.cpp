#include "models/norm/fusion_policy.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/layer_probe.h"
#include "models/norm/norm_tuning.h"

namespace resdense::detail {
namespace {

enum class Fusion { Off, Measured, Rule, Always };

Fusion parse_mode(const char* v)
{
    if (v && *v == '0')
        return Fusion::Off;
    if (v && std::string(v) == "always")
        return Fusion::Always;
    if (v && std::string(v) == "rule")
        return Fusion::Rule;
    return Fusion::Measured;
}

std::atomic<int> forced_mode{-1}; // set_fusion_mode_for_tests; -1: the environment's

Fusion fusion_mode()
{
    if (const int forced = forced_mode.load(std::memory_order_relaxed); forced >= 0)
        return static_cast<Fusion>(forced);
    static const Fusion mode = parse_mode(std::getenv("RESDENSE_FUSED_BATCH_NORM"));
    return mode;
}

} // namespace

void set_fusion_mode_for_tests(const char* mode)
{
    forced_mode.store(mode ? static_cast<int>(parse_mode(mode)) : -1);
}

std::string fusion_policy_text()
{
    switch (fusion_mode()) {
    case Fusion::Off: return "off (RESDENSE_FUSED_BATCH_NORM=0)";
    case Fusion::Always: return "always fused (RESDENSE_FUSED_BATCH_NORM=always)";
    case Fusion::Rule: return "fixed rule (RESDENSE_FUSED_BATCH_NORM=rule)";
    case Fusion::Measured: break;
    }
    return "measured per shape";
}

bool fused_kernel_supports(const torch::Tensor& x, const torch::Tensor& weight)
{
    return fusion_mode() != Fusion::Off && x.device().is_cpu() && x.dim() == 4 &&
           (x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kBFloat16) &&
           x.is_contiguous(torch::MemoryFormat::ChannelsLast) && weight.defined() &&
           weight.scalar_type() == torch::kFloat &&
           x.numel() / std::max<std::int64_t>(1, x.size(1)) > 1;
}

bool fused_norm_rule(const torch::Tensor& x)
{
    // Where the channels do not fill 16-float vectors exactly, LibTorch's own channels-last norm
    // is 1.5-12x slower. Where they do, it is as fast in fp32 and on small bf16 maps (7x7, batch
    // 128), and 1.2-1.7x slower on larger bf16 ones (bench/README.md has the sweep; AVX-512 BF16).
    constexpr std::int64_t kLargeMap = std::int64_t{1} << 19;
    return x.size(1) % 16 != 0 || (x.scalar_type() == torch::kBFloat16 && x.numel() >= kLargeMap);
}

bool fused_batch_norm_relu_applies(const torch::Tensor& x, const torch::Tensor& weight)
{
    if (!fused_kernel_supports(x, weight))
        return false;
    switch (fusion_mode()) {
    case Fusion::Always: note_norm_choice(x, false, true, "always"); return true;
    case Fusion::Rule: {
        const bool fused = fused_norm_rule(x);
        note_norm_choice(x, false, fused, "rule");
        return fused;
    }
    default: return fused_norm_is_faster(x, /*residual=*/false);
    }
}

bool norm_module_fusable(torch::nn::BatchNorm2d& norm)
{
    const auto& o = norm->options;
    return norm->is_training() && o.affine() && o.track_running_stats() &&
           LayerProbe::current() == nullptr;
}

bool fused_batch_norm_add_relu_applies(torch::nn::BatchNorm2d& norm, const torch::Tensor& x)
{
    if (!norm_module_fusable(norm) || !fused_kernel_supports(x, norm->weight))
        return false;
    if (fusion_mode() == Fusion::Measured)
        return fused_norm_is_faster(x, /*residual=*/true);
    // The fixed rule fuses the residual form for any channel count: it also saves the addition's
    // pass.
    note_norm_choice(x, true, true, fusion_mode() == Fusion::Always ? "always" : "rule");
    return true;
}

} // namespace resdense::detail
