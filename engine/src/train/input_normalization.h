#pragma once

#include <string>
#include <vector>

#include "resdense/dataset.h"
#include "resdense/run_config.h"

namespace resdense {

// How a run's batches are normalised (InputOptions::normalize): "imagenet", "dataset", or
// "auto", which means the dataset's statistics unless a slot starts from pretrained weights.

// With pretrained weights (pinned: their paths known), decides "auto", so that config.json says
// what the run used: ImageNet's statistics when a slot starts from a torchvision state dict
// (trained on them), the dataset's when every pretrained slot starts from a ResDense checkpoint
// (trained on its dataset's). Without, "auto" stays.
void decide_normalization(RunConfig& config);

// The per-channel mean and std the batches are normalised with.
std::vector<double> input_mean(const RunConfig& config, const DatasetInfo& info);
std::vector<double> input_std(const RunConfig& config, const DatasetInfo& info);

// What a checkpoint records of its input ("input"): stored size, resize, crop, mean and std, for
// Classifier to prepare an image exactly as the run's test images.
std::string input_json(const RunConfig& config, const DatasetInfo& info);

} // namespace resdense
