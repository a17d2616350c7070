#include <array>
#include <cstring>

#include <torch/torch.h>

#include "data/dataset_store.h"
#include "data/seeded_random.h"
#include "resdense/error.h"

namespace resdense {
namespace {

Split take(const Split& all, const std::vector<std::int64_t>& indices)
{
    // Row copies by hand: several times faster than index_select on a uint8 store.
    const auto images = all.images.contiguous();
    const auto n = static_cast<std::int64_t>(indices.size());
    auto out = torch::empty({n, images.size(1), images.size(2), images.size(3)}, torch::kUInt8);
    const auto row =
        static_cast<std::size_t>(images.numel() / std::max<std::int64_t>(1, images.size(0)));
    const std::uint8_t* src = images.data_ptr<std::uint8_t>();
    std::uint8_t* dst = out.data_ptr<std::uint8_t>();
    for (std::int64_t i = 0; i < n; ++i)
        std::memcpy(dst + static_cast<std::size_t>(i) * row,
                    src + static_cast<std::size_t>(indices[static_cast<std::size_t>(i)]) * row,
                    row);
    return {out, all.labels.index_select(0, torch::tensor(indices, torch::kLong))};
}

// Per class, the indices of `all` in a seeded random order.
std::vector<std::vector<std::int64_t>> shuffled_by_class(const Split& all, std::uint64_t seed,
                                                         std::int64_t num_classes)
{
    std::vector<std::vector<std::int64_t>> by_class(static_cast<std::size_t>(num_classes));
    const auto labels = all.labels.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < all.size(); ++i)
        by_class[static_cast<std::size_t>(labels[i])].push_back(i);
    for (std::size_t c = 0; c < by_class.size(); ++c) {
        auto& members = by_class[c];
        const auto order =
            permutation(static_cast<std::int64_t>(members.size()), mix_seed(seed, c));
        std::vector<std::int64_t> shuffled(members.size());
        for (std::size_t i = 0; i < members.size(); ++i)
            shuffled[i] = members[static_cast<std::size_t>(order[i])];
        members = std::move(shuffled);
    }
    return by_class;
}

} // namespace

Split to_split(RawImages&& raw)
{
    if (raw.n == 0)
        return {torch::empty({0, raw.c, raw.h, raw.w}, torch::kUInt8),
                torch::empty({0}, torch::kLong)};
    auto pixels = std::make_shared<std::vector<std::uint8_t>>(std::move(raw.pixels));
    // Own the bytes without copying them: the tensor keeps the vector alive.
    auto images = torch::from_blob(
        pixels->data(), {raw.n, raw.c, raw.h, raw.w}, [pixels](void*) mutable { pixels.reset(); },
        torch::kUInt8);
    auto labels = torch::tensor(raw.labels, torch::kLong);
    return {images, labels};
}

Split split_off_validation(Split& pool, double val_fraction, std::uint64_t seed,
                           std::int64_t num_classes)
{
    if (!(val_fraction >= 0.0 && val_fraction < 1.0))
        throw Error("validation fraction must be in [0, 1); got " + std::to_string(val_fraction));
    std::vector<bool> to_val(static_cast<std::size_t>(pool.size()), false);
    for (const auto& members : shuffled_by_class(pool, mix_seed(seed, 0x5eed), num_classes)) {
        const auto n_val = static_cast<std::size_t>(
            std::llround(val_fraction * static_cast<double>(members.size())));
        for (std::size_t i = 0; i < n_val && i < members.size(); ++i)
            to_val[static_cast<std::size_t>(members[i])] = true;
    }
    std::vector<std::int64_t> train, val;
    for (std::int64_t i = 0; i < pool.size(); ++i)
        (to_val[static_cast<std::size_t>(i)] ? val : train).push_back(i);
    Split validation = take(pool, val);

    // Compact the training rows to the front of the store; row i moves to a place <= i.
    pool.images = pool.images.contiguous();
    const auto row =
        static_cast<std::size_t>(pool.images.numel() / std::max<std::int64_t>(1, pool.size()));
    std::uint8_t* data = pool.images.data_ptr<std::uint8_t>();
    for (std::size_t to = 0; to < train.size(); ++to)
        if (static_cast<std::size_t>(train[to]) != to)
            std::memmove(data + to * row, data + static_cast<std::size_t>(train[to]) * row, row);
    const auto n_train = static_cast<std::int64_t>(train.size());
    pool.labels = pool.labels.index_select(0, torch::tensor(train, torch::kLong));
    pool.images = pool.images.narrow(0, 0, n_train);
    return validation;
}

Split stratified_subset(const Split& all, std::int64_t limit, std::uint64_t seed,
                        std::int64_t num_classes)
{
    if (limit <= 0 || limit >= all.size())
        return all;
    // Round-robin over the shuffled classes keeps the class balance of the whole.
    const auto by_class = shuffled_by_class(all, mix_seed(seed, 0x5ab5e7), num_classes);
    const double keep = static_cast<double>(limit) / static_cast<double>(all.size());
    std::vector<std::int64_t> chosen;
    for (const auto& members : by_class) {
        const auto n =
            static_cast<std::size_t>(std::llround(keep * static_cast<double>(members.size())));
        chosen.insert(chosen.end(), members.begin(),
                      members.begin() + static_cast<std::ptrdiff_t>(std::min(n, members.size())));
    }
    std::sort(chosen.begin(), chosen.end());
    return take(all, chosen);
}

void channel_stats(const Split& split, std::vector<double>& mean, std::vector<double>& std)
{
    const std::int64_t c = split.images.size(1);
    mean.assign(static_cast<std::size_t>(c), 0.0);
    std.assign(static_cast<std::size_t>(c), 1.0);
    if (split.size() == 0)
        return;
    // A byte histogram per channel gives exact sums in one pass over the uint8 store.
    const auto images = split.images.contiguous();
    const std::uint8_t* p = images.data_ptr<std::uint8_t>();
    const auto plane = static_cast<std::size_t>(images.size(2) * images.size(3));
    std::vector<std::array<std::uint64_t, 256>> histogram(static_cast<std::size_t>(c));
    for (auto& h : histogram)
        h.fill(0);
    for (std::int64_t i = 0; i < split.size(); ++i)
        for (std::size_t ch = 0; ch < static_cast<std::size_t>(c); ++ch, p += plane)
            for (std::size_t k = 0; k < plane; ++k)
                ++histogram[ch][p[k]];
    const double n = static_cast<double>(split.size()) * static_cast<double>(plane);
    for (std::size_t ch = 0; ch < static_cast<std::size_t>(c); ++ch) {
        double sum = 0.0, sq = 0.0;
        for (int v = 0; v < 256; ++v) {
            sum += static_cast<double>(histogram[ch][v]) * v;
            sq += static_cast<double>(histogram[ch][v]) * v * v;
        }
        const double m = sum / n;
        mean[ch] = m / 255.0;
        std[ch] = std::max(1e-6, std::sqrt(std::max(0.0, sq / n - m * m)) / 255.0);
    }
}

SplitInfo describe_split(const Split& split, std::int64_t num_classes)
{
    SplitInfo info;
    info.count = split.size();
    info.per_class.assign(static_cast<std::size_t>(num_classes), 0);
    if (split.size() > 0) {
        auto counts = torch::bincount(split.labels, {}, num_classes);
        for (std::int64_t c = 0; c < num_classes; ++c)
            info.per_class[static_cast<std::size_t>(c)] = counts[c].item<std::int64_t>();
    }
    return info;
}

} // namespace resdense
