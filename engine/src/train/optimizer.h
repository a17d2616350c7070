#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include "resdense/run_config.h"

namespace resdense {

// The optimizer for module's trainable parameters (frozen ones, requires_grad false, are left
// out). Without decay_norm_and_bias, 1-D parameters (batch-norm weights, biases) go in a group
// without weight decay. With head_lr_mult other than 1, the classifier's parameters
// (is_head_parameter) get groups of their own whose learning rate is that many times the rest's;
// lr_scales receives each group's multiplier for set_learning_rate. Throws resdense::Error when
// no parameter is left to train.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerConfig& config,
                                                        torch::nn::Module& module,
                                                        double head_lr_mult = 1.0,
                                                        std::vector<double>* lr_scales = nullptr);

// Sets group i's learning rate to lr × scales[i] (1 where scales has no entry).
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr,
                       const std::vector<double>& scales = {});

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
