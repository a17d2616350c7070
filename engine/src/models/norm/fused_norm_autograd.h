#pragma once

#include <torch/autograd.h>

// The fused batch norm + ReLU as autograd functions of their own, training mode only, on
// channels-last float or bfloat16 CPU tensors (fusion_policy.h says when). Forward: one pass for
// the batch statistics, one for normalise + ReLU (+ shortcut); backward: one reduction and one
// pass, the ReLU mask recomputed from the input (or read from the output, for the residual form).
// Running statistics are updated when given (empty tensors stand for none: autograd functions of
// LibTorch 1.13 take no undefined tensors). With two_uses, forward returns {y, a second handle on
// y} that autograd treats as an output of its own (TwoUses in models/batch_norm_relu.h), and
// backward adds the two gradients as it reads them; otherwise {y}.
namespace resdense::detail {

// relu(batch_norm(input)).
struct BatchNormReluFunction : torch::autograd::Function<BatchNormReluFunction> {
    static torch::autograd::variable_list
    forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
            const torch::Tensor& weight, const torch::Tensor& bias,
            const torch::Tensor& running_mean, const torch::Tensor& running_var, double momentum,
            double eps, bool two_uses);
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs);
};

// relu(batch_norm(input) + identity_input), the end of a residual block: the shortcut's gradient
// is the masked output gradient that backward computes anyway.
struct BatchNormAddReluFunction : torch::autograd::Function<BatchNormAddReluFunction> {
    static torch::autograd::variable_list
    forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
            const torch::Tensor& identity_input, const torch::Tensor& weight,
            const torch::Tensor& bias, const torch::Tensor& running_mean,
            const torch::Tensor& running_var, double momentum, double eps, bool two_uses);
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs);
};

} // namespace resdense::detail
