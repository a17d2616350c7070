#pragma once

#include <torch/types.h>

#include "data/raw_images.h"
#include "resdense/dataset.h"

namespace resdense {

// One split in memory: uint8 images N x C x H x W and int64 labels N.
struct Split {
    torch::Tensor images;
    torch::Tensor labels;
    std::int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
};

// A dataset decoded once, split, with its statistics.
struct Dataset {
    DatasetInfo info;
    Split train, val, test;
};

// Throws resdense::Error (see dataset_info).
Dataset load_dataset(const DatasetOptions& options);

// The sources before splitting: what a reader produced.
struct LoadedSource {
    std::string name, source;
    std::vector<std::string> classes;
    RawImages train, test;
    std::int64_t skipped = 0;
    std::vector<std::string> skipped_examples;
};
LoadedSource load_source(const DatasetOptions& options);

Split to_split(RawImages&& raw);

// Stratified, seeded split: round(fraction * n_c) images of each class c move from pool to the
// returned validation split; pool keeps the rest (compacted in place, so the big training store
// is not copied). Order within each part follows the original order.
Split split_off_validation(Split& pool, double val_fraction, std::uint64_t seed,
                           std::int64_t num_classes);

// A stratified subset of at most limit images (all of them when limit <= 0 or larger).
Split stratified_subset(const Split& all, std::int64_t limit, std::uint64_t seed,
                        std::int64_t num_classes);

// Per-channel mean and standard deviation in [0, 1] units.
void channel_stats(const Split& split, std::vector<double>& mean, std::vector<double>& std);

SplitInfo describe_split(const Split& split, std::int64_t num_classes);

} // namespace resdense
