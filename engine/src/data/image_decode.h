#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace resdense {

// True when the engine was built with OpenCV (image folders, classifying image files, previews).
bool image_codecs_available();

// Decodes an encoded image (PNG, JPEG, BMP, WebP, TIFF, ...) from memory, converts it to
// `channels` (1: gray, 3: RGB; alpha dropped, 16-bit scaled to 8) and resizes it to
// height x width, writing planar C x H x W bytes to out. Returns false with the reason in why
// (not an image, corrupt, empty, or built without OpenCV); never throws for bad data.
bool decode_image(std::string_view bytes, int channels, int height, int width, std::uint8_t* out,
                  std::string& why);

// The same at the image's own size, interleaved H x W x channels into hwc.
bool decode_image_as_is(std::string_view bytes, int channels, std::vector<std::uint8_t>& hwc,
                        int& height, int& width, std::string& why);

// Writes an interleaved RGB (or gray) 8-bit image to path (format from the extension).
// Throws resdense::Error when it cannot, or when built without OpenCV.
void write_image(const std::string& path, const std::uint8_t* hwc, int height, int width,
                 int channels);

// The same, as PNG bytes in memory.
std::string encode_image_png(const std::uint8_t* hwc, int height, int width, int channels);

} // namespace resdense
