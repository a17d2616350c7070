#include "io/zip_directory.h"

#include <algorithm>
#include <cstring>
#include <fstream>

namespace resdense {
namespace {

std::uint64_t le(std::string_view s, std::size_t at, std::size_t n)
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[at + i])) << (8 * i);
    return v;
}

constexpr std::uint64_t kEocd = 0x06054b50, kLocator64 = 0x07064b50, kEocd64 = 0x06064b50,
                        kEntry = 0x02014b50;

} // namespace

bool read_zip_directory(std::uint64_t file_size,
                        const std::function<std::string(std::uint64_t, std::size_t)>& read_at,
                        std::vector<ZipEntry>& entries)
{
    entries.clear();
    constexpr std::size_t kEocdSize = 22, kMaxComment = 0xffff;
    if (file_size < kEocdSize)
        return false;
    // The end-of-central-directory record: the last signature in the final 64 KiB + 22 bytes.
    const std::uint64_t tail_at =
        file_size - std::min<std::uint64_t>(file_size, kEocdSize + kMaxComment + 20 + 56);
    const std::string tail = read_at(tail_at, static_cast<std::size_t>(file_size - tail_at));
    if (tail.size() != file_size - tail_at)
        return false;
    std::size_t eocd = std::string::npos;
    for (std::size_t i = tail.size() - kEocdSize + 1; i-- > 0;)
        if (le(tail, i, 4) == kEocd) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos)
        return false;
    std::uint64_t count = le(tail, eocd + 10, 2), cd_size = le(tail, eocd + 12, 4),
                  cd_offset = le(tail, eocd + 16, 4);
    if (eocd >= 20 && le(tail, eocd - 20, 4) == kLocator64) {
        const std::uint64_t at = le(tail, eocd - 20 + 8, 8);
        if (at > file_size || file_size - at < 56)
            return false;
        const std::string z = read_at(at, 56);
        if (z.size() != 56 || le(z, 0, 4) != kEocd64)
            return false;
        count = le(z, 32, 8);
        cd_size = le(z, 40, 8);
        cd_offset = le(z, 48, 8);
    }
    if (cd_offset > file_size || cd_size > file_size - cd_offset || count > cd_size / 46)
        return false;
    const std::string cd = read_at(cd_offset, static_cast<std::size_t>(cd_size));
    if (cd.size() != cd_size)
        return false;
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (cd.size() - at < 46 || le(cd, at, 4) != kEntry)
            return false;
        ZipEntry e;
        e.method = static_cast<std::uint16_t>(le(cd, at + 10, 2));
        e.compressed = le(cd, at + 20, 4);
        e.uncompressed = le(cd, at + 24, 4);
        const std::size_t name_len = le(cd, at + 28, 2), extra_len = le(cd, at + 30, 2),
                          comment_len = le(cd, at + 32, 2);
        if (cd.size() - at - 46 < name_len + extra_len + comment_len)
            return false;
        e.name = cd.substr(at + 46, name_len);
        // The zip64 extra field holds the 64-bit sizes of those stated as 0xffffffff.
        std::string_view extra(cd.data() + at + 46 + name_len, extra_len);
        while (extra.size() >= 4) {
            const std::uint64_t id = le(extra, 0, 2), len = le(extra, 2, 2);
            if (len > extra.size() - 4)
                return false;
            if (id == 1) {
                std::size_t f = 4;
                for (std::uint64_t* size : {&e.uncompressed, &e.compressed})
                    if (*size == 0xffffffff) {
                        if (f + 8 > 4 + len)
                            return false;
                        *size = le(extra, f, 8);
                        f += 8;
                    }
            }
            extra.remove_prefix(4 + len);
        }
        entries.push_back(std::move(e));
        at += 46 + name_len + extra_len + comment_len;
    }
    return true;
}

bool read_zip_directory(const std::string& path, std::vector<ZipEntry>& entries)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return false;
    const auto end = in.tellg();
    if (end < 0)
        return false;
    const auto size = static_cast<std::uint64_t>(end);
    return read_zip_directory(
        size,
        [&](std::uint64_t offset, std::size_t n) {
            std::string s(static_cast<std::size_t>(std::min<std::uint64_t>(n, size - offset)),
                          '\0');
            in.clear();
            in.seekg(static_cast<std::streamoff>(offset));
            in.read(s.data(), static_cast<std::streamsize>(s.size()));
            s.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
            return s;
        },
        entries);
}

} // namespace resdense
