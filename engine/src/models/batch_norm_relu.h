#pragma once

#include <utility>

#include <torch/nn.h>

#include "models/layer_probe.h"

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
// =always fuses every channel count (see fused_batch_norm_relu_applies).
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
// gradient is the masked output gradient that the fused backward computes anyway). The shortcut
// is a callable so that, unfused, it runs after the norm: the layers' order for a layer probe.
template <typename Shortcut>
torch::Tensor batch_norm_add_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                  Shortcut&& shortcut);

// The fused residual form, for a norm and input that fused_batch_norm_add_relu_applies to.
torch::Tensor fused_batch_norm_add_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                        const torch::Tensor& identity);
bool fused_batch_norm_add_relu_applies(torch::nn::BatchNorm2d& norm, const torch::Tensor& x);

// batch_norm_add_relu for an output with two uses (the next block's input), in the same way.
template <typename Shortcut>
TwoUses batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                     Shortcut&& shortcut, bool two_uses = true);
TwoUses fused_batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                           const torch::Tensor& identity, bool two_uses = true);

// Counts a training batch as BatchNorm2d's own forward does (num_batches_tracked) and returns
// the momentum for the running statistics: the module's, or without one a cumulative average.
double count_training_batch(torch::nn::BatchNorm2d& norm);

// The functional form, training mode: batch statistics, running statistics updated when given.
torch::Tensor batch_norm_relu_training(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, const torch::Tensor& running_mean,
                                       const torch::Tensor& running_var, double momentum,
                                       double eps);

// Whether the fused kernel runs for this input: a channels-last float or bf16 CPU tensor whose
// channel count is not a multiple of 16, or a large bf16 one (elsewhere LibTorch's own kernels
// are as fast). The residual form is fused for any channel count: it also saves the addition's
// pass.
bool fused_batch_norm_relu_applies(const torch::Tensor& x, const torch::Tensor& weight);

template <typename Shortcut>
torch::Tensor batch_norm_add_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                  Shortcut&& shortcut)
{
    return batch_norm_add_relu_two_uses(norm, x, std::forward<Shortcut>(shortcut),
                                        /*two_uses=*/false)
        .main;
}

template <typename Shortcut>
TwoUses batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                     Shortcut&& shortcut, bool two_uses)
{
    if (!fused_batch_norm_add_relu_applies(norm, x)) {
        const torch::Tensor out = tap(norm, x);
        const torch::Tensor y = torch::relu(out + shortcut());
        return {y, y};
    }
    return fused_batch_norm_add_relu_two_uses(norm, x, shortcut(), two_uses);
}

} // namespace resdense
