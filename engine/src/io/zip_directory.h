#pragma once

// The central directory of a zip archive, read without inflating anything: LibTorch's
// PyTorchStreamReader allocates a record's uncompressed size as the directory states it before
// inflating, so a 1 MB file with a deflated record claiming 16 GB would cost 16 GB. Torch-free
// (tests/fuzz builds it with clang alone).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace resdense {

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0; // 0 stored, 8 deflated
    std::uint64_t compressed = 0, uncompressed = 0;
};

// The entries of a zip archive of file_size bytes, found as miniz finds them (the
// end-of-central-directory record, the zip64 one if any, the central directory), through
// read_at(offset, size): the bytes [offset, offset + size), fewer only past the end.
// Returns false when no consistent central directory is found.
bool read_zip_directory(std::uint64_t file_size,
                        const std::function<std::string(std::uint64_t, std::size_t)>& read_at,
                        std::vector<ZipEntry>& entries);

// The same for a file; throws nothing, returns false when unreadable.
bool read_zip_directory(const std::string& path, std::vector<ZipEntry>& entries);

} // namespace resdense
