#pragma once

#include <torch/torch.h>

namespace resdense {

// The parameter-free "option A" shortcut of the CIFAR ResNets (He et al. 2016): every
// stride-th pixel of x, with its channels padded by pad_before zero channels in front and
// pad_after behind. On a channels-last CPU tensor it is one autograd function that writes the
// output (and, backward, the input's gradient) in one pass, where the ATen form (strided index,
// then constant_pad_nd) records four slices whose backward passes each allocate, zero-fill and
// copy a tensor of the input's full size. Elsewhere it is that ATen form. Same values either way.
torch::Tensor subsample_pad_channels(const torch::Tensor& x, int stride, int pad_before,
                                     int pad_after);

} // namespace resdense
