#pragma once

#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

namespace resdense {

// Mixes several numbers into one well-spread seed (SplitMix64 finaliser), so (seed, epoch,
// batch) streams are independent and do not depend on thread timing.
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0)
{
    std::uint64_t z = a + 0x9e3779b97f4a7c15ULL * (b + 1) + 0xbf58476d1ce4e5b9ULL * (c + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Uniform integer in [0, n) from a 64-bit engine. std::uniform_int_distribution is not specified
// bit for bit across standard libraries; this is, so runs repeat on any platform.
inline std::uint64_t below(std::mt19937_64& rng, std::uint64_t n)
{
    __extension__ using u128 = unsigned __int128; // GCC and Clang: exact 64x64 -> 128 bit product
    return static_cast<std::uint64_t>((static_cast<u128>(rng()) * n) >> 64);
}

inline double unit(std::mt19937_64& rng) // [0, 1)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// A seeded Fisher-Yates permutation of 0..n-1.
inline std::vector<std::int64_t> permutation(std::int64_t n, std::uint64_t seed)
{
    std::vector<std::int64_t> p(static_cast<std::size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    std::mt19937_64 rng(seed);
    for (std::int64_t i = n - 1; i > 0; --i)
        std::swap(p[static_cast<std::size_t>(i)], p[below(rng, static_cast<std::uint64_t>(i) + 1)]);
    return p;
}

} // namespace resdense
