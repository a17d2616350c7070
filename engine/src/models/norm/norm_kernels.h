#pragma once

#include <bit>
#include <cstdint>

// The loops behind the fused batch norm + ReLU (batch_norm_math.cpp, fused_norm_autograd.cpp), on
// raw arrays.
// A channels-last tensor is a [rows x C] matrix, rows = N*H*W; every kernel takes n values (whole
// rows) and per-channel constants repeated across a tile of `tile` values (a multiple of C), so
// that their inner loops run over the tile. Element types: float (_f32) and bfloat16 bits (_bf16).
// Sums go into `sums` per tile position (two sums: [0, tile) and [tile, 2 tile)), through the
// float scratch `acc` of 2 tile values, zeroed on entry. An output gradient `gy2` may be null; when
// given, the output gradient is gy + gy2 (an output with two uses, see
// models/batch_norm_relu.h).
namespace resdense::norm_kernels {

constexpr std::int64_t kTile = 2048; // values per tile, about

inline float load(float v)
{
    return v;
}
inline float load(std::uint16_t bf16)
{
    return std::bit_cast<float>(static_cast<std::uint32_t>(bf16) << 16);
}
inline void store(float& out, float v)
{
    out = v;
}
inline void store(std::uint16_t& out, float v) // round to nearest even, as c10::BFloat16
{
    const std::uint32_t u = std::bit_cast<std::uint32_t>(v);
    const std::uint32_t rounded = (u + 0x7fffu + ((u >> 16) & 1u)) >> 16;
    out = static_cast<std::uint16_t>(v != v ? 0x7fc0u : rounded);
}

#define RESDENSE_NORM_KERNELS(T, suffix)                                                           \
    /* sums of x - shift and of its square */                                                      \
    void stats_##suffix(const T* x, std::int64_t n, std::int64_t tile, const float* shift,         \
                        float* acc, double* sums);                                                 \
    /* y = max(0, x a + b) */                                                                      \
    void forward_##suffix(const T* x, T* y, std::int64_t n, std::int64_t tile, const float* a,     \
                          const float* b);                                                         \
    /* g = gy where x a + b > 0: sums of g and of g (x - mean) */                                  \
    void reduce_##suffix(const T* x, const T* gy, const T* gy2, std::int64_t n, std::int64_t tile, \
                         const float* a, const float* b, const float* mean, float* acc,            \
                         double* sums);                                                            \
    /* dx = k g + p x + q, g masked as in reduce */                                                \
    void grad_##suffix(const T* x, const T* gy, const T* gy2, T* dx, std::int64_t n,               \
                       std::int64_t tile, const float* a, const float* b, const float* k,          \
                       const float* p, const float* q);                                            \
    /* y = max(0, x a + b + identity) */                                                           \
    void forward_add_##suffix(const T* x, const T* id, T* y, std::int64_t n, std::int64_t tile,    \
                              const float* a, const float* b);                                     \
    /* g = gy where y > 0, written out: sums of g and of g (x - mean) */                           \
    void reduce_add_##suffix(const T* x, const T* y, const T* gy, const T* gy2, T* g,              \
                             std::int64_t n, std::int64_t tile, const float* mean, float* acc,     \
                             double* sums);                                                        \
    /* dx = k g + p x + q for a masked g */                                                        \
    void grad_masked_##suffix(const T* x, const T* g, T* dx, std::int64_t n, std::int64_t tile,    \
                              const float* k, const float* p, const float* q);

RESDENSE_NORM_KERNELS(float, f32)
RESDENSE_NORM_KERNELS(std::uint16_t, bf16)
#undef RESDENSE_NORM_KERNELS

} // namespace resdense::norm_kernels
