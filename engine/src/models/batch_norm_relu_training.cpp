#include "models/batch_norm_relu_training.h"

#include "models/norm/fused_norm_autograd.h"
#include "models/norm/fusion_policy.h"

namespace resdense {

torch::Tensor batch_norm_relu_training(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, const torch::Tensor& running_mean,
                                       const torch::Tensor& running_var, double momentum,
                                       double eps)
{
    if (!detail::fused_batch_norm_relu_applies(x, weight) || !bias.defined())
        return torch::relu(torch::batch_norm(x, weight, bias, running_mean, running_var,
                                             /*training=*/true, momentum, eps,
                                             /*cudnn_enabled=*/true));
    // Autograd functions of LibTorch 1.13 take no undefined tensors: empty ones stand for none.
    const auto or_empty = [](const torch::Tensor& t) {
        return t.defined() ? t : torch::empty({0}, torch::kFloat);
    };
    return detail::BatchNormReluFunction::apply(x, weight, bias, or_empty(running_mean),
                                                or_empty(running_var), momentum, eps,
                                                /*two_uses=*/false)[0];
}

double count_training_batch(torch::nn::BatchNorm2d& norm)
{
    norm->num_batches_tracked += 1;
    const auto& momentum = norm->options.momentum();
    return momentum ? *momentum : 1.0 / norm->num_batches_tracked.item<double>();
}

} // namespace resdense
