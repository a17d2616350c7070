#include "models/norm/fused_batch_norm.h"

#include "models/batch_norm_relu_training.h"
#include "models/layer_probe.h"
#include "models/norm/fused_norm_autograd.h"
#include "models/norm/fusion_policy.h"

namespace resdense::detail {
namespace {

TwoUses two_handles(const torch::autograd::variable_list& outputs)
{
    return {outputs[0], outputs.size() > 1 ? outputs[1] : outputs[0]};
}

} // namespace

TwoUses fused_batch_norm_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                       bool two_uses)
{
    return two_handles(BatchNormReluFunction::apply(x, norm->weight, norm->bias, norm->running_mean,
                                                    norm->running_var, count_training_batch(norm),
                                                    norm->options.eps(), two_uses));
}

TwoUses fused_batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                           const torch::Tensor& identity, bool two_uses)
{
    if (!fused_batch_norm_add_relu_applies(norm, x) || identity.sizes() != x.sizes() ||
        identity.device() != x.device()) {
        const torch::Tensor y = torch::relu(tap(norm, x) + identity);
        return {y, y};
    }
    return two_handles(BatchNormAddReluFunction::apply(
        x, identity, norm->weight, norm->bias, norm->running_mean, norm->running_var,
        count_training_batch(norm), norm->options.eps(), two_uses));
}

torch::Tensor fused_batch_norm_add_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                        const torch::Tensor& identity)
{
    return fused_batch_norm_add_relu_two_uses(norm, x, identity, /*two_uses=*/false).main;
}

} // namespace resdense::detail
