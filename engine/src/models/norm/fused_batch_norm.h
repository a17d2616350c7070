#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

#include "models/batch_norm_relu.h"

// The fused forms on a BatchNorm2d module: its parameters and buffers go into the autograd
// functions (fused_norm_autograd.h) and its batch is counted as its own forward counts it.
// batch_norm_relu.cpp calls them where fusion_policy.h allows; the tests call them directly.
namespace resdense::detail {

// batch_norm_relu_two_uses, fused: for a norm that norm_module_fusable allows and an input that
// fused_batch_norm_relu_applies to.
TwoUses fused_batch_norm_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                       bool two_uses);

// The fused residual form, relu(norm(x) + identity) with the shortcut already computed, for a
// norm and input that fused_batch_norm_add_relu_applies to (otherwise, or for an identity of
// another shape or device, the separate layers); for an output with two uses (the next block's
// input) with two_uses.
TwoUses fused_batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                           const torch::Tensor& identity, bool two_uses = true);
torch::Tensor fused_batch_norm_add_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                        const torch::Tensor& identity);

} // namespace resdense::detail
