#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense {

// An 8-bit image, interleaved: RGB (3 channels) or gray (1).
struct PixelImage {
    int height = 0, width = 0, channels = 3;
    std::vector<std::uint8_t> pixels;
};

// The image as PNG bytes (for showing it, or classifying it as a dropped file would be). Throws
// resdense::Error when the build has no OpenCV or the image is empty.
std::string encode_png(const PixelImage& image);

} // namespace resdense
