#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include <torch/types.h>

#include "data/batch_loader.h"
#include "resdense/run_config.h"

namespace resdense {

// The linear probe's fast path: with a frozen backbone (freeze "backbone", no dropout) and
// batches without random augmentation, each image's pooled features are the same every epoch,
// so they are computed once, kept per split, and the classifier trains on them. The first epoch
// costs a forward pass through the backbone per image (what training through a frozen backbone
// costs anyway); later epochs and every evaluation cost the classifier alone. Features are kept
// in the dtype the backbone produced (bf16 under bf16 autocast), and training on them is the same
// computation as training through the backbone.
class FeatureCache {
public:
    using Backbone = std::function<torch::Tensor(const torch::Tensor& images)>;

    explicit FeatureCache(std::int64_t max_bytes) : m_max_bytes(max_bytes) {}

    // The batch's features: kept rows are read, the others computed by `backbone` and kept.
    // Without room for a split (max_bytes), it computes them every time.
    torch::Tensor features(const Batch& batch, const Backbone& backbone);
    std::int64_t bytes() const { return m_bytes; }

private:
    struct Split {
        torch::Tensor values; // split_size x F
        torch::Tensor known;  // bool, split_size
        bool full = false;    // every row known
    };
    std::map<const void*, Split> m_splits;
    std::int64_t m_max_bytes;
    std::int64_t m_bytes = 0;
};

// Whether a slot of this run can train on cached features (see FeatureCache).
// RESDENSE_FEATURE_CACHE=0 switches the fast path off.
bool can_cache_features(const RunConfig& run, const SlotConfig& slot);

} // namespace resdense
