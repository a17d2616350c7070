#include "data/augment.h"

#include <cmath>

#include <torch/torch.h>

#include "data/seeded_random.h"

namespace resdense {
namespace {

// Flips the images whose draw comes up heads along dim.
void random_flip(torch::Tensor& batch, std::int64_t dim, std::mt19937_64& rng)
{
    std::vector<std::int64_t> chosen;
    for (std::int64_t b = 0; b < batch.size(0); ++b)
        if (rng() & 1)
            chosen.push_back(b);
    if (chosen.empty())
        return;
    auto index = torch::tensor(chosen, torch::kLong);
    batch.index_copy_(0, index, batch.index_select(0, index).flip({dim}));
}

} // namespace

torch::Tensor augment_geometry(const torch::Tensor& batch, const AugmentOptions& a,
                               std::mt19937_64& rng)
{
    torch::Tensor out = batch;
    if (a.crop_padding > 0) {
        const std::int64_t p = a.crop_padding, h = batch.size(2), w = batch.size(3);
        const auto padded = torch::constant_pad_nd(batch, {p, p, p, p}, 0.0);
        out = torch::empty_like(batch);
        for (std::int64_t b = 0; b < batch.size(0); ++b) {
            const auto dy =
                static_cast<std::int64_t>(below(rng, static_cast<std::uint64_t>(2 * p + 1)));
            const auto dx =
                static_cast<std::int64_t>(below(rng, static_cast<std::uint64_t>(2 * p + 1)));
            out[b].copy_(padded[b].narrow(1, dy, h).narrow(2, dx, w));
        }
    }
    if (a.hflip) {
        if (out.is_same(batch))
            out = batch.clone();
        random_flip(out, 3, rng);
    }
    if (a.vflip) {
        if (out.is_same(batch))
            out = batch.clone();
        random_flip(out, 2, rng);
    }
    return out;
}

void random_erase(torch::Tensor& batch, double probability, std::mt19937_64& rng)
{
    if (probability <= 0.0)
        return;
    const std::int64_t h = batch.size(2), w = batch.size(3);
    const double area = static_cast<double>(h * w);
    const double log_lo = std::log(0.3), log_hi = std::log(3.3);
    for (std::int64_t b = 0; b < batch.size(0); ++b) {
        if (unit(rng) >= probability)
            continue;
        for (int attempt = 0; attempt < 10; ++attempt) {
            const double target = area * (0.02 + unit(rng) * (0.33 - 0.02));
            const double ratio = std::exp(log_lo + unit(rng) * (log_hi - log_lo));
            const auto eh = static_cast<std::int64_t>(std::lround(std::sqrt(target * ratio)));
            const auto ew = static_cast<std::int64_t>(std::lround(std::sqrt(target / ratio)));
            if (eh < 1 || ew < 1 || eh >= h || ew >= w)
                continue;
            const auto y =
                static_cast<std::int64_t>(below(rng, static_cast<std::uint64_t>(h - eh + 1)));
            const auto x =
                static_cast<std::int64_t>(below(rng, static_cast<std::uint64_t>(w - ew + 1)));
            batch[b].narrow(1, y, eh).narrow(2, x, ew).zero_();
            break;
        }
    }
}

} // namespace resdense
