#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

// When the fused batch norm runs instead of LibTorch's separate layers. RESDENSE_FUSED_BATCH_NORM
// (read once): 0 never fuses, "always" fuses every channel count (to time the kernels where
// LibTorch's own are used), anything else or unset: the measured choice below.
namespace resdense::detail {

// Whether the fused kernel runs for this input: a channels-last float or bf16 CPU tensor whose
// channel count is not a multiple of 16, or a large bf16 one (elsewhere LibTorch's own kernels
// are as fast). The residual form is fused for any channel count: it also saves the addition's
// pass.
bool fused_batch_norm_relu_applies(const torch::Tensor& x, const torch::Tensor& weight);

// Whether a norm module may run fused at all: in training, with weight, bias and running
// statistics, and no layer probe recording the model (it must see the norm as a layer).
bool norm_module_fusable(torch::nn::BatchNorm2d& norm);

// Whether the residual form runs fused: a fusable module and an input the kernels take (a
// channels-last float or bf16 CPU tensor, any channel count).
bool fused_batch_norm_add_relu_applies(torch::nn::BatchNorm2d& norm, const torch::Tensor& x);

} // namespace resdense::detail
