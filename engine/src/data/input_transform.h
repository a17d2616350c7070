#pragma once

#include <random>

#include <torch/types.h>

#include "resdense/dataset.h"

namespace resdense {

// Resizes and crops a float batch B x C x H x W in [0, 1] as `input` says: the shorter side to
// input.resize pixels (bilinear, antialiased when shrinking: torchvision's Resize), then
// the centre crop x crop square, or with rng and input.random_crop a random one per image.
// Returns the batch itself when there is nothing to do.
torch::Tensor resize_and_crop(const torch::Tensor& batch, const InputOptions& input,
                              std::mt19937_64* rng = nullptr);

} // namespace resdense
