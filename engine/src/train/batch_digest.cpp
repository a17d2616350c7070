#include "train/batch_digest.h"

#include <cstring>

#include "resdense/error.h"

namespace resdense {
namespace {

constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;

std::uint64_t mix(std::uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

// Eight bytes at a time: one multiply per word keeps a 400 KB batch well under a millisecond.
std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t h)
{
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * kMultiplier;
        h ^= h >> 29;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p + i, size - i);
    return mix((h ^ tail ^ size) * kMultiplier);
}

// A dense tensor's bytes in memory order (channels-last batches are dense too).
std::uint64_t hash_tensor(const torch::Tensor& t, std::uint64_t h)
{
    const bool dense =
        t.is_contiguous() || (t.dim() == 4 && t.is_contiguous(at::MemoryFormat::ChannelsLast));
    const torch::Tensor c = dense ? t : t.contiguous();
    const torch::Tensor cpu = c.device().is_cpu() ? c : c.cpu();
    return hash_bytes(cpu.data_ptr(), cpu.numel() * cpu.element_size(), h);
}

} // namespace

std::uint64_t batch_digest(const Batch& batch)
{
    return hash_tensor(batch.labels, hash_tensor(batch.images, 0x5265734465'6e7365ULL));
}

std::uint64_t combine_digests(std::uint64_t running, std::uint64_t next)
{
    return mix((running ^ next) * kMultiplier + 1);
}

std::string digest_hex(std::uint64_t digest)
{
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, digest >>= 4)
        out[static_cast<std::size_t>(i)] = digits[digest & 15];
    return out;
}

std::uint64_t parse_digest(const std::string& hex)
{
    if (hex.size() != 16 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw Error("'" + hex + "' is not a batch digest (16 hex digits)");
    return std::stoull(hex, nullptr, 16);
}

} // namespace resdense
