#pragma once

#include <vector>

#include <torch/nn.h>

namespace resdense {

// The memory-efficient dense layer's first half (Pleiss et al. 2017; torchvision's
// memory_efficient=True): concatenate the block's features, batch norm, ReLU, convolution —
// keeping none of the concatenation's intermediate results for the backward pass, which
// recomputes them instead. Saves the memory that grows quadratically with depth for about one
// more forward pass of these layers. Batch-norm running statistics are updated once, in the
// forward pass. Training mode only; gives the same values and gradients as the plain layer.
torch::Tensor concat_norm_relu_conv(const std::vector<torch::Tensor>& features,
                                    torch::nn::BatchNorm2d& norm, torch::nn::Conv2d& conv);

// How many times a backward pass recomputed such a layer, in this process (for tests).
std::int64_t recomputed_layers();

} // namespace resdense
