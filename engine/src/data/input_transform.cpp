#include "data/input_transform.h"

#include <algorithm>
#include <cmath>

#include <torch/nn/functional/upsampling.h>

#include "data/seeded_random.h"
#include "resdense/error.h"

namespace resdense {

namespace {

// The size after resizing the shorter side to `resize` (torchvision's rule: the longer side is
// scaled and truncated).
std::pair<std::int64_t, std::int64_t> resized(std::int64_t h, std::int64_t w, int resize)
{
    if (resize <= 0)
        return {h, w};
    if (h <= w)
        return {resize, static_cast<std::int64_t>(resize * w / h)};
    return {static_cast<std::int64_t>(resize * h / w), resize};
}

} // namespace

int model_image_size(const InputOptions& input, int height, int width)
{
    if (input.crop > 0)
        return input.crop;
    const auto [h, w] = resized(height, width, input.resize);
    return static_cast<int>(std::min(h, w));
}

std::vector<double> imagenet_mean(int channels)
{
    if (channels == 3)
        return {0.485, 0.456, 0.406};
    return std::vector<double>(static_cast<std::size_t>(channels), (0.485 + 0.456 + 0.406) / 3);
}

std::vector<double> imagenet_std(int channels)
{
    if (channels == 3)
        return {0.229, 0.224, 0.225};
    return std::vector<double>(static_cast<std::size_t>(channels), (0.229 + 0.224 + 0.225) / 3);
}

torch::Tensor resize_and_crop(const torch::Tensor& batch, const InputOptions& input,
                              std::mt19937_64* rng)
{
    namespace F = torch::nn::functional;
    torch::Tensor out = batch;
    const auto [h, w] = resized(batch.size(2), batch.size(3), input.resize);
    if (h != batch.size(2) || w != batch.size(3))
        out = F::interpolate(out, F::InterpolateFuncOptions()
                                      .size(std::vector<std::int64_t>{h, w})
                                      .mode(torch::kBilinear)
                                      .align_corners(false)
                                      .antialias(true));
    if (input.crop <= 0)
        return out;
    const std::int64_t c = input.crop;
    if (c > h || c > w)
        throw Error("cannot crop " + std::to_string(c) + " × " + std::to_string(c) +
                    " pixels out of " + std::to_string(h) + " × " + std::to_string(w) +
                    " images; resize them to at least " + std::to_string(c) + " first");
    if (!(input.random_crop && rng)) {
        // torchvision's CenterCrop: int(round((h - c) / 2.0)), Python's round half to even.
        const auto top = static_cast<std::int64_t>(std::nearbyint((h - c) / 2.0));
        const auto left = static_cast<std::int64_t>(std::nearbyint((w - c) / 2.0));
        return out.narrow(2, top, c).narrow(3, left, c).contiguous();
    }
    torch::Tensor cropped = torch::empty({out.size(0), out.size(1), c, c}, out.options());
    for (std::int64_t b = 0; b < out.size(0); ++b) {
        const auto top =
            static_cast<std::int64_t>(below(*rng, static_cast<std::uint64_t>(h - c + 1)));
        const auto left =
            static_cast<std::int64_t>(below(*rng, static_cast<std::uint64_t>(w - c + 1)));
        cropped[b].copy_(out[b].narrow(1, top, c).narrow(2, left, c));
    }
    return cropped;
}

} // namespace resdense
