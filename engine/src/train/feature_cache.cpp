#include "train/feature_cache.h"

#include <cstdlib>
#include <cstring>

#include <torch/torch.h>

namespace resdense {

torch::Tensor FeatureCache::features(const Batch& batch, const Backbone& backbone)
{
    auto found = m_splits.find(batch.split);
    if (found != m_splits.end() && found->second.full)
        return found->second.values.index_select(0, batch.rows);
    const torch::Tensor computed = backbone(batch.images);
    if (found == m_splits.end()) {
        const std::int64_t bytes = batch.split_size * computed.size(1) *
                                   static_cast<std::int64_t>(computed.element_size());
        if (!batch.rows.defined() || m_bytes + bytes > m_max_bytes)
            return computed; // no room: the backbone every time
        Split s;
        s.values = torch::empty({batch.split_size, computed.size(1)},
                                computed.options().requires_grad(false));
        s.known = torch::zeros({batch.split_size}, torch::kBool);
        m_bytes += bytes;
        found = m_splits.emplace(batch.split, std::move(s)).first;
    }
    Split& s = found->second;
    s.values.index_copy_(0, batch.rows.to(s.values.device()), computed.detach());
    s.known.index_fill_(0, batch.rows, true);
    s.full = s.known.all().item<bool>();
    return computed;
}

bool can_cache_features(const RunConfig& run, const SlotConfig& slot)
{
    if (const char* env = std::getenv("RESDENSE_FEATURE_CACHE"); env && std::strcmp(env, "0") == 0)
        return false;
    const AugmentOptions& a = run.augment;
    const bool random_batches =
        a.crop_padding > 0 || a.hflip || a.vflip || a.erase_prob > 0.0 || run.input.random_crop;
    return slot.freeze == "backbone" && slot.model.dropout == 0.0 && !random_batches;
}

} // namespace resdense
