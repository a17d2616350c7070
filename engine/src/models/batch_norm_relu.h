#pragma once

#include <c10/util/FunctionRef.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

// The batch norm + ReLU pairs of the models, one call per form. The functional form that
// autograd functions recompute (the memory-efficient DenseNet) is in batch_norm_relu_training.h;
// the fused implementation (namespace detail) in models/norm/.
namespace resdense {

// relu(norm(x)) for a BatchNorm2d followed by a ReLU, the pair that precedes almost every
// convolution in ResNet and DenseNet. When training on the CPU with a channels-last float or
// bfloat16 tensor it runs as one fused operation: one pass for the batch statistics and one for
// normalise + ReLU forward; one reduction and one pass for the whole backward, which recomputes
// the ReLU mask from the input instead of reading the normalised tensor back. LibTorch runs the
// pair as four separate kernels (norm, ReLU, ReLU backward, norm backward), each reading and
// writing the whole activation; in DenseNet-BC those four take most of a training step.
// Otherwise (evaluation, CUDA, NCHW, a layer probe recording the model) it is simply
// torch::relu(norm(x)). Values, gradients, running statistics and num_batches_tracked are those
// of the separate layers (up to rounding order). RESDENSE_FUSED_BATCH_NORM=0 switches it off;
// =always fuses every channel count (see detail::fused_batch_norm_relu_applies in
// models/norm/fusion_policy.h).
torch::Tensor batch_norm_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x);

// A block output that has two uses, the next block's first convolution and its shortcut, as two
// handles on the same values. Fused, autograd sees them as two outputs of the norm, so the fused
// backward adds their gradients as it reads them; with one tensor used twice, the autograd
// engine adds them first, in a pass of its own over the whole activation (and, for channels-last
// tensors in LibTorch 1.13, into a new tensor). Unfused, both are the same tensor.
struct TwoUses {
    torch::Tensor main;     // for the convolution
    torch::Tensor shortcut; // for the shortcut
};

// batch_norm_relu for an output with two uses: fused and with two_uses, its handles are separate
// autograd outputs (batch_norm_relu is this with two_uses false, its main handle).
TwoUses batch_norm_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                 bool two_uses = true);

// relu(norm(x) + shortcut()), the end of a residual block, fused the same way (the shortcut's
// gradient is the masked output gradient that the fused backward computes anyway; fused for any
// channel count, as it also saves the addition's pass), its output with two uses (the next
// block's input) when two_uses. The shortcut is a callable so that, unfused, it runs after the
// norm: the layers' order for a layer probe.
TwoUses batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                     c10::function_ref<torch::Tensor()> shortcut,
                                     bool two_uses = true);

} // namespace resdense
