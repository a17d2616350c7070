#include "data/raw_images.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <zlib.h>

#include "resdense/error.h"

namespace resdense {

Bytes read_maybe_gzip(const std::string& path, std::size_t max_bytes)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(path + ": no such file");
    gzFile file = gzopen(path.c_str(), "rb"); // reads plain files transparently
    if (!file)
        throw Error(path + ": cannot open (" + std::strerror(errno) + ")");
    gzbuffer(file, 1 << 18);
    // A gzip file ends with its uncompressed size mod 2^32: size the buffer once from it, so
    // the data is inflated straight into place (a hint only; a wrong one costs a regrow).
    std::size_t hint = 1 << 20;
    if (std::FILE* raw = std::fopen(path.c_str(), "rb")) {
        unsigned char head[2] = {}, tail[4] = {};
        const bool gz = std::fread(head, 1, 2, raw) == 2 && head[0] == 0x1f && head[1] == 0x8b;
        long size = -1;
        if (std::fseek(raw, 0, SEEK_END) == 0)
            size = std::ftell(raw);
        if (gz && size >= 4 && std::fseek(raw, -4, SEEK_END) == 0 &&
            std::fread(tail, 1, 4, raw) == 4) {
            // Deflate expands at most 1032:1, which bounds a damaged trailer's claim.
            const std::size_t isize = std::size_t{tail[0]} | std::size_t{tail[1]} << 8 |
                                      std::size_t{tail[2]} << 16 | std::size_t{tail[3]} << 24;
            hint = std::min(isize, static_cast<std::size_t>(size) * 1032);
        } else if (!gz && size > 0) {
            hint = static_cast<std::size_t>(size);
        }
        std::fclose(raw);
    }
    Bytes out;
    out.resize(std::min(std::max<std::size_t>(hint, 1 << 16), max_bytes) + 1);
    std::size_t used = 0;
    while (true) {
        if (used == out.size()) {
            if (out.size() > max_bytes) {
                gzclose(file);
                throw Error(path + ": larger than " + std::to_string(max_bytes >> 20) +
                            " MiB once decompressed; refusing to load it");
            }
            out.resize(std::min(out.size() * 2, max_bytes + 1));
        }
        const auto want = static_cast<unsigned>(std::min<std::size_t>(out.size() - used, 1u << 30));
        const int got = gzread(file, out.data() + used, want);
        if (got < 0) {
            int code = 0;
            const std::string why = gzerror(file, &code);
            gzclose(file);
            throw Error(path + ": corrupt or truncated gzip data (" + why + ")");
        }
        if (got == 0)
            break;
        used += static_cast<std::size_t>(got);
    }
    out.resize(used);
    // A gzip stream cut short reads as a clean end in some zlib versions; gzclose reports it.
    const int closed = gzclose(file);
    if (closed != Z_OK && closed != Z_BUF_ERROR)
        throw Error(path + ": corrupt gzip data");
    if (closed == Z_BUF_ERROR)
        throw Error(path + ": truncated gzip file (the download or copy did not finish)");
    return out;
}

} // namespace resdense
