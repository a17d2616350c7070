#include <torch/torch.h>

#include "data/dataset_store.h"
#include "data/image_decode.h"
#include "resdense/error.h"
#include "resdense/insight.h"

namespace resdense {

std::vector<PixelImage> test_images(const DatasetOptions& options,
                                    const std::vector<std::int64_t>& indices)
{
    const Dataset data = load_dataset(options);
    const Split& test = data.test;
    std::vector<PixelImage> out;
    out.reserve(indices.size());
    for (const std::int64_t i : indices) {
        if (i < 0 || i >= test.size())
            throw Error("test image " + std::to_string(i) + " does not exist: the test split has " +
                        std::to_string(test.size()) + " images");
        const torch::Tensor hwc = test.images[i].permute({1, 2, 0}).contiguous();
        PixelImage image;
        image.channels = static_cast<int>(hwc.size(2));
        image.height = static_cast<int>(hwc.size(0));
        image.width = static_cast<int>(hwc.size(1));
        image.pixels.assign(hwc.data_ptr<std::uint8_t>(),
                            hwc.data_ptr<std::uint8_t>() + hwc.numel());
        out.push_back(std::move(image));
    }
    return out;
}

std::string encode_png(const PixelImage& image)
{
    return encode_image_png(image.pixels.data(), image.height, image.width, image.channels);
}

} // namespace resdense
