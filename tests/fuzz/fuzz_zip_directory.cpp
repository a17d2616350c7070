// Input: a whole file. read_zip_directory must either list entries found inside it or return
// false: never read past the input, loop without bound, or allocate from an unchecked count.
#include <algorithm>
#include <cstdint>
#include <string>

#include "io/zip_directory.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<resdense::ZipEntry> entries;
    const bool ok = resdense::read_zip_directory(
        size,
        [&](std::uint64_t offset, std::size_t n) {
            if (offset > size)
                __builtin_trap();
            n = static_cast<std::size_t>(std::min<std::uint64_t>(n, size - offset));
            return std::string(reinterpret_cast<const char*>(data) + offset, n);
        },
        entries);
    if (ok && entries.size() > size / 46)
        __builtin_trap();
    return 0;
}
