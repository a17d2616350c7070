#pragma once

#include <cstdint>
#include <random>

namespace resdense::stats_detail {

// Uniform indices in [0, n) for 0 < n < 2^32, identical on every platform (unlike
// std::uniform_int_distribution): each std::mt19937_64 output gives two 32-bit draws, low half
// first, each mapped by Lemire's multiply-shift; a draw is rejected, without bias, with
// probability (2^32 mod n) / 2^32, which for test-set sizes is about 1e-5 or less.
class IndexSampler {
public:
    IndexSampler(std::uint64_t seed, std::uint32_t n)
        : engine_(seed), n_(n), threshold_(std::uint32_t(-n) % n)
    {
    }

    std::uint32_t next()
    {
        for (;;) {
            const std::uint64_t product = std::uint64_t(next_32()) * n_;
            if (std::uint32_t(product) >= threshold_)
                return std::uint32_t(product >> 32);
        }
    }

private:
    std::uint32_t next_32()
    {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const std::uint64_t bits = engine_();
        spare_ = std::uint32_t(bits >> 32);
        has_spare_ = true;
        return std::uint32_t(bits);
    }

    std::mt19937_64 engine_;
    std::uint32_t n_, threshold_;
    std::uint32_t spare_ = 0;
    bool has_spare_ = false;
};

} // namespace resdense::stats_detail
