#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "models/norm/row_chunks.h"

// The per-channel arithmetic of the fused batch norm: batch and running statistics, the factors
// of the forward pass and of the input gradient, held in std::vector<float>.
namespace resdense::detail {

// Small per-channel vectors move between tensors and std::vector by plain copies: a dozen tiny
// ATen operations per layer would cost more than the kernels save on small feature maps.
torch::Tensor floats(const std::vector<float>& v, torch::ScalarType type);
std::vector<float> to_vector(const torch::Tensor& t);
std::vector<float> to_floats(const std::vector<double>& v);

struct Stats {
    std::vector<float> mean, invstd;
    std::vector<double> var; // biased
};

// The batch's mean, variance and 1 / sqrt(variance + eps) per channel, in one pass over x.
Stats batch_stats(const torch::Tensor& x, const RowChunks& rc, double eps);

// The running statistics moved towards the batch's (unbiased variance), as BatchNorm2d does;
// nothing when they are empty (none kept).
void update_running(const torch::Tensor& running_mean, const torch::Tensor& running_var,
                    const Stats& s, std::int64_t rows, double momentum);

// a and b of z = x * a + b, the normalised, scaled and shifted input.
void affine(const std::vector<float>& weight, const std::vector<float>& bias,
            const std::vector<float>& mean, const std::vector<float>& invstd, std::vector<float>& a,
            std::vector<float>& b);

// Per-channel factors of the batch-norm input gradient, dx = k * g + p * x + q, from the sums
// of g and of g * (x - mean); also the weight and bias gradients.
struct InputGradient {
    std::vector<float> grad_weight, grad_bias, k, p, q;
};

InputGradient input_gradient(const std::vector<double>& total, const std::vector<float>& weight,
                             const std::vector<float>& mean, const std::vector<float>& invstd,
                             std::int64_t rows);

} // namespace resdense::detail
