#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense {

// Decoded images before they become tensors: N x C x H x W bytes and one label per image.
// Torch-free, so the file-format parsers that fill it can be fuzzed on their own.
using Bytes = std::vector<std::uint8_t>;

struct RawImages {
    std::int64_t n = 0, c = 0, h = 0, w = 0;
    std::vector<std::uint8_t> pixels; // n*c*h*w, planar (C, H, W) per image
    std::vector<std::int64_t> labels; // n
};

// The most bytes a dataset file may decompress to: larger claims are refused before anything
// is allocated for them (Fashion-MNIST's training images are 47 MB).
inline constexpr std::size_t kMaxDatasetFileBytes = std::size_t{4} << 30;

// Reads a whole file, gunzipping it when it is gzip-compressed (plain files pass through).
// Throws resdense::Error naming the file when it is missing, unreadable, corrupt or larger than
// max_bytes once decompressed.
Bytes read_maybe_gzip(const std::string& path, std::size_t max_bytes = kMaxDatasetFileBytes);

} // namespace resdense
