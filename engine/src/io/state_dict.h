#pragma once

#include <torch/nn/module.h>

#include "io/torch_pickle.h"

namespace resdense {

// The module's parameters and buffers under their qualified names, in registration order:
// exactly what PyTorch's Module.state_dict() holds for the same architecture.
NamedTensors state_dict(const torch::nn::Module& module);

// Copies every tensor of state into module, or nothing at all: first it checks that the keys
// and shapes match exactly, and throws resdense::Error naming the missing, unexpected and
// mis-shaped keys (source names what the tensors came from, for the message). A missing
// "num_batches_tracked" (files saved before PyTorch 0.4.1) is no mismatch: it is set to 0, as
// PyTorch's BatchNorm does.
void load_state_dict(torch::nn::Module& module, const NamedTensors& state,
                     const std::string& source);

// Whether name is a batch norm's "num_batches_tracked" buffer.
bool is_batch_counter(const std::string& name);

// A tensor's shape for messages: "[64, 3, 7, 7]".
std::string shape_text(const torch::Tensor& t);

} // namespace resdense
