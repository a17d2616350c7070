#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

// The functional form of batch_norm_relu (models/batch_norm_relu.h), for autograd functions that
// run the norm on tensors of their own and recompute it in backward (the memory-efficient
// DenseNet, models/densenet_efficient.cpp).
namespace resdense {

// relu(batch_norm(x)) in training mode: batch statistics, running statistics updated when given
// (undefined tensors for none). Fused where detail::fused_batch_norm_relu_applies to x and
// weight (models/norm/fusion_policy.h) and bias is defined; otherwise LibTorch's separate layers.
torch::Tensor batch_norm_relu_training(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, const torch::Tensor& running_mean,
                                       const torch::Tensor& running_var, double momentum,
                                       double eps);

// Counts a training batch as BatchNorm2d's own forward does (num_batches_tracked) and returns
// the momentum for the running statistics: the module's, or without one a cumulative average.
double count_training_batch(torch::nn::BatchNorm2d& norm);

} // namespace resdense
