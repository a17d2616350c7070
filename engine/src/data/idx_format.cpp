#include "data/idx_format.h"

#include <cstdint>
#include <cstring>

#include "resdense/error.h"

namespace resdense {
namespace {

std::uint32_t big_endian(std::string_view bytes, std::size_t at)
{
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

std::string hex(std::uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

} // namespace

RawImages parse_idx(Bytes image_bytes, const Bytes& label_bytes, const std::string& images_name,
                    const std::string& labels_name, int num_classes)
{
    const std::string_view images(reinterpret_cast<const char*>(image_bytes.data()),
                                  image_bytes.size());
    const std::string_view labels(reinterpret_cast<const char*>(label_bytes.data()),
                                  label_bytes.size());
    constexpr std::uint32_t kImagesMagic = 0x00000803, kLabelsMagic = 0x00000801;
    if (images.size() < 16)
        throw Error(images_name + ": too short for an IDX image header (" +
                    std::to_string(images.size()) + " bytes)");
    if (big_endian(images, 0) != kImagesMagic)
        throw Error(images_name + ": not an IDX image file (magic number " +
                    hex(big_endian(images, 0)) + ", expected " + hex(kImagesMagic) + ")");
    if (labels.size() < 8)
        throw Error(labels_name + ": too short for an IDX label header (" +
                    std::to_string(labels.size()) + " bytes)");
    if (big_endian(labels, 0) != kLabelsMagic)
        throw Error(labels_name + ": not an IDX label file (magic number " +
                    hex(big_endian(labels, 0)) + ", expected " + hex(kLabelsMagic) + ")");

    const std::uint64_t n = big_endian(images, 4), h = big_endian(images, 8),
                        w = big_endian(images, 12);
    const std::uint64_t n_labels = big_endian(labels, 4);
    if (n == 0 || h == 0 || w == 0 || h > 4096 || w > 4096)
        throw Error(images_name + ": implausible dimensions " + std::to_string(n) + " x " +
                    std::to_string(h) + " x " + std::to_string(w));
    // n, h and w are each below 2^32 and h*w below 2^24: the product cannot overflow 64 bits.
    const std::uint64_t want = n * h * w;
    if (images.size() - 16 != want)
        throw Error(images_name + ": header says " + std::to_string(n) + " images of " +
                    std::to_string(h) + "x" + std::to_string(w) + " (" + std::to_string(want) +
                    " bytes) but the file holds " + std::to_string(images.size() - 16) +
                    (images.size() - 16 < want ? " (truncated)" : " (trailing data)"));
    if (n_labels != n)
        throw Error(labels_name + ": " + std::to_string(n_labels) + " labels for " +
                    std::to_string(n) + " images in " + images_name);
    if (labels.size() - 8 != n)
        throw Error(labels_name + ": header says " + std::to_string(n) +
                    " labels but the file holds " + std::to_string(labels.size() - 8) +
                    " bytes of them");

    RawImages raw;
    raw.n = static_cast<std::int64_t>(n);
    raw.c = 1;
    raw.h = static_cast<std::int64_t>(h);
    raw.w = static_cast<std::int64_t>(w);
    raw.labels.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        const int label = static_cast<unsigned char>(labels[8 + i]);
        if (label >= num_classes)
            throw Error(labels_name + ": label " + std::to_string(label) + " of image " +
                        std::to_string(i) + " is out of range (" + std::to_string(num_classes) +
                        " classes)");
        raw.labels[i] = label;
    }
    image_bytes.erase(image_bytes.begin(), image_bytes.begin() + 16); // a memmove, no new pages
    raw.pixels = std::move(image_bytes);
    return raw;
}

} // namespace resdense
