#pragma once

#include <string>

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

// When the fused batch norm runs instead of LibTorch's separate layers. RESDENSE_FUSED_BATCH_NORM
// (read once): unset or "auto": whichever was measured faster on this machine for the input's
// shape (norm_tuning.h, once per shape and machine); "rule": the fixed rule fused_norm_rule;
// "always": every shape fused (to time the kernels where LibTorch's own would run); 0: none.
namespace resdense::detail {

// Whether the kernels can take x at all: a channels-last float or bf16 CPU tensor of more than one
// value per channel, a float weight, and fusion not switched off.
bool fused_kernel_supports(const torch::Tensor& x, const torch::Tensor& weight);

// Whether the fused kernel runs for this input: a channels-last float or bf16 CPU tensor (and not
// one image of one pixel), where the policy above chooses it.
bool fused_batch_norm_relu_applies(const torch::Tensor& x, const torch::Tensor& weight);

// The fixed rule, measured on AVX-512 BF16: fused where the channel count is not a multiple of 16,
// or for a large bf16 input (elsewhere LibTorch's own kernels were as fast there).
bool fused_norm_rule(const torch::Tensor& x);

// Whether a norm module may run fused at all: in training, with weight, bias and running
// statistics, and no layer probe recording the model (it must see the norm as a layer).
bool norm_module_fusable(torch::nn::BatchNorm2d& norm);

// Whether the residual form runs fused: a fusable module, an input the kernels take (a
// channels-last float or bf16 CPU tensor), and the policy: measured, or always under the rule
// (it also saves the addition's pass).
bool fused_batch_norm_add_relu_applies(torch::nn::BatchNorm2d& norm, const torch::Tensor& x);

// The policy in force, in words: "measured per shape", "fixed rule
// (RESDENSE_FUSED_BATCH_NORM=rule)", "always fused (...=always)" or "off (...=0)".
std::string fusion_policy_text();

// Tests: the policy as RESDENSE_FUSED_BATCH_NORM=mode would set it, for the whole process, until
// called with nullptr (the environment's again). Kernel tests force "always": whether the
// measured policy fuses a small test shape depends on the machine.
void set_fusion_mode_for_tests(const char* mode);

} // namespace resdense::detail
