#include "data/image_header.h"

namespace resdense {
namespace {

std::uint32_t byte(std::string_view b, std::size_t i)
{
    return static_cast<unsigned char>(b[i]);
}
std::uint32_t be16(std::string_view b, std::size_t i)
{
    return byte(b, i) << 8 | byte(b, i + 1);
}
std::uint32_t le16(std::string_view b, std::size_t i)
{
    return byte(b, i) | byte(b, i + 1) << 8;
}
std::uint32_t be32(std::string_view b, std::size_t i)
{
    return be16(b, i) << 16 | be16(b, i + 2);
}
std::uint32_t le32(std::string_view b, std::size_t i)
{
    return le16(b, i) | le16(b, i + 2) << 16;
}

bool starts_with(std::string_view b, std::string_view magic)
{
    return b.size() >= magic.size() && b.substr(0, magic.size()) == magic;
}

// JPEG: the first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC) after the markers
// before it, each skipped by its stated length.
std::optional<ImageSize> jpeg_size(std::string_view b)
{
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (byte(b, i) != 0xFF)
            return std::nullopt;
        const std::uint32_t marker = byte(b, i + 1);
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        const std::uint32_t length = be16(b, i + 2);
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (i + 9 > b.size())
                return std::nullopt;
            return ImageSize{be16(b, i + 7), be16(b, i + 5)};
        }
        if (length < 2)
            return std::nullopt;
        i += 2 + length;
    }
    return std::nullopt;
}

} // namespace

std::optional<ImageSize> image_header_size(std::string_view b)
{
    if (starts_with(b, "\x89PNG\r\n\x1a\n") && b.size() >= 24 && b.substr(12, 4) == "IHDR")
        return ImageSize{be32(b, 16), be32(b, 20)};
    if (starts_with(b, "BM") && b.size() >= 26) {
        const std::uint32_t header = le32(b, 14);
        if (header == 12) // OS/2 BITMAPCOREHEADER: 16-bit sizes
            return ImageSize{le16(b, 18), le16(b, 20)};
        // Signed 32-bit; a negative height means top-down rows.
        const auto w = static_cast<std::int32_t>(le32(b, 18));
        const auto h = static_cast<std::int32_t>(le32(b, 22));
        return ImageSize{w < 0 ? -static_cast<std::int64_t>(w) : w,
                         h < 0 ? -static_cast<std::int64_t>(h) : h};
    }
    if ((starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) && b.size() >= 10)
        return ImageSize{le16(b, 6), le16(b, 8)};
    if (starts_with(b, "\xFF\xD8"))
        return jpeg_size(b);
    return std::nullopt;
}

bool known_image_signature(std::string_view b)
{
    const auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
    const bool pnm = b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' &&
                     (b[2] == ' ' || b[2] == '\t' || b[2] == '\n' || b[2] == '\r' || b[2] == '#');
    const bool webp = b.size() >= 12 && starts("RIFF") && b.substr(8, 4) == "WEBP";
    return starts("\x89PNG\r\n\x1a\n") || starts("\xff\xd8\xff") || starts("BM") ||
           starts("GIF87a") || starts("GIF89a") || starts(std::string_view("II*\0", 4)) ||
           starts(std::string_view("MM\0*", 4)) || pnm || webp;
}

} // namespace resdense
