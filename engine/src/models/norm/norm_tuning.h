#pragma once

#include <string>

#include <torch/types.h>

#include "resdense/norm_tuning.h"

// The measuring side of resdense/norm_tuning.h, for fusion_policy.cpp.
namespace resdense::detail {

// Whether the fused kernel is faster than LibTorch's layers for inputs shaped like x (a
// channels-last float or bf16 CPU tensor), in the plain (relu(norm(x))) or residual
// (relu(norm(x) + identity)) form: from this process's memory, the cache file, or measured now.
bool fused_norm_is_faster(const torch::Tensor& x, bool residual);

// Records a decision made without measuring (a fixed policy), for norm_tuning_choices().
void note_norm_choice(const torch::Tensor& x, bool residual, bool fused, const std::string& source);

// For tests: forgets what this process measured or read, and reads the cache file anew on the
// next decision (as a new process would). The machine key can be replaced to stand for another
// CPU or LibTorch version; "" restores the real one.
void reset_norm_tuning_for_tests(const std::string& machine_key = "");

} // namespace resdense::detail
