#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace resdense {

struct ImageSize {
    std::int64_t width = 0, height = 0;
};

// The pixel size a PNG, BMP, GIF or JPEG file states in its header, read without decoding;
// nullopt for other formats and for headers too short or malformed to say. decode_image checks
// it first: OpenCV allocates the whole image from the header before it reads any pixel data, so a
// 58-byte BMP claiming 65,537 x 14,848 pixels costs it 2.9 GB before failing.
std::optional<ImageSize> image_header_size(std::string_view bytes);

// Whether the bytes start like a format the workbench reads: PNG, JPEG, BMP, GIF, PNM (P1-P6),
// TIFF or WebP. decode_image refuses anything else before OpenCV sees it: imdecode tries every
// codec it was built with, and Debian's links GDCM, whose DICOM reader aborts the process on a
// crafted 133-byte file ("DICM" at offset 128; found by fuzz_image_decode, kept in its
// corpus as dicom-gdcm-abort.bin).
bool known_image_signature(std::string_view bytes);

// The most pixels decode_image decodes: 2^26, a 8,192 x 8,192 photo (OpenCV's own cap is 2^30).
constexpr std::int64_t kMaxImagePixels = std::int64_t{1} << 26;

// width * height > kMaxImagePixels, without forming the product (two 32-bit sides overflow it).
constexpr bool too_many_pixels(const ImageSize& s)
{
    return s.width > 0 && s.height > 0 && s.height > kMaxImagePixels / s.width;
}

} // namespace resdense
