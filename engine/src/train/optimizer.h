#pragma once

#include <memory>
#include <string>

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include "resdense/run_config.h"

namespace resdense {

// The optimizer for module's parameters. Without decay_norm_and_bias, 1-D parameters (batch-norm
// weights, biases) go in a second group without weight decay.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerConfig& config,
                                                        torch::nn::Module& module);

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

// Drops the parameters' gradients (LibTorch 2's zero_grad(set_to_none=true)). The next backward
// pass then hands each parameter its gradient as computed; after Optimizer::zero_grad() of
// LibTorch 1.13 it would add it to a zeroed one: per parameter a zero fill and an addition, 59 of
// each in a ResNet-20 step, for the same values.
void clear_gradients(torch::optim::Optimizer& optimizer);

// The optimizer's state (momentum buffers, Adam moments) as bytes, and back. The bytes are
// LibTorch's own archive format; load throws resdense::Error when they do not fit.
std::string optimizer_state(torch::optim::Optimizer& optimizer);
void load_optimizer_state(torch::optim::Optimizer& optimizer, const std::string& bytes);

} // namespace resdense
