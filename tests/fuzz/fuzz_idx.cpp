// Input: 4 bytes (little-endian length L of the image file), L bytes of IDX images, then the
// IDX labels. parse_idx must either accept or throw resdense::Error: never crash, never read
// out of bounds, never allocate from an unchecked header.
#include <cstdint>
#include <cstring>

#include "data/idx_format.h"
#include "resdense/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 4)
        return 0;
    std::uint32_t split = 0;
    std::memcpy(&split, data, 4);
    data += 4;
    size -= 4;
    split = static_cast<std::uint32_t>(split % (size + 1));
    resdense::Bytes images(data, data + split), labels(data + split, data + size);
    try {
        const auto raw = resdense::parse_idx(std::move(images), labels, "images", "labels", 10);
        if (raw.pixels.size() != static_cast<std::size_t>(raw.n * raw.h * raw.w))
            __builtin_trap();
    } catch (const resdense::Error&) {
    }
    return 0;
}
