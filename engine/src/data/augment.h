#pragma once

#include <random>

#include <torch/types.h>

#include "resdense/dataset.h"

namespace resdense {

// Geometric augmentation of a float batch B x C x H x W in [0, 1] (before normalisation):
// random crop after zero padding, horizontal and vertical flips. Draws from rng in a fixed order,
// so the same rng state gives the same batch.
torch::Tensor augment_geometry(const torch::Tensor& batch, const AugmentOptions& options,
                               std::mt19937_64& rng);

// Random erasing (Zhong et al. 2017, torchvision's RandomErasing defaults: area 2-33%, aspect
// 0.3-3.3, value 0) on a normalised batch, in place.
void random_erase(torch::Tensor& batch, double probability, std::mt19937_64& rng);

} // namespace resdense
