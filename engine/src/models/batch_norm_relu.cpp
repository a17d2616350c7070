// Dispatch of the module forms: the fused autograd functions where fusion_policy.h allows them,
// otherwise LibTorch's separate layers.
#include "models/batch_norm_relu.h"

#include "models/layer_probe.h"
#include "models/norm/fused_batch_norm.h"
#include "models/norm/fusion_policy.h"

namespace resdense {

torch::Tensor batch_norm_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x)
{
    return batch_norm_relu_two_uses(norm, x, /*two_uses=*/false).main;
}

TwoUses batch_norm_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                 bool two_uses)
{
    if (!detail::norm_module_fusable(norm) ||
        !detail::fused_batch_norm_relu_applies(x, norm->weight)) {
        const torch::Tensor y = torch::relu(tap(norm, x));
        return {y, y};
    }
    return detail::fused_batch_norm_relu_two_uses(norm, x, two_uses);
}

TwoUses batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                     c10::function_ref<torch::Tensor()> shortcut, bool two_uses)
{
    if (!detail::fused_batch_norm_add_relu_applies(norm, x)) {
        const torch::Tensor out = tap(norm, x); // before the shortcut's layers
        const torch::Tensor y = torch::relu(out + shortcut());
        return {y, y};
    }
    return detail::fused_batch_norm_add_relu_two_uses(norm, x, shortcut(), two_uses);
}

} // namespace resdense
