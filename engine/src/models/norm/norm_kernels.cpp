#include "models/norm/norm_kernels.h"

#include <algorithm>

// The row kernels are compiled for AVX-512, AVX2 and plain x86-64, picked at load time (GCC's
// function multiversioning), so one binary runs everywhere and vectorises where it can.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define RESDENSE_ROW_KERNEL                                                                        \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RESDENSE_ROW_KERNEL
#endif

namespace resdense::norm_kernels {
namespace {

// A channels-last tensor is a [rows x C] matrix, rows = N*H*W. The kernels walk it in tiles of
// whole rows, about kTile values, with each per-channel constant repeated across the tile
// ("tiled"), so that their inner loops run over the whole tile instead of over C channels (as
// few as 16) at a time; that is what lets the compiler vectorise them well.

constexpr int kTilesPerFlush = 16; // tiles summed in float before adding into double

// Adds the float partial sums into the double ones every kTilesPerFlush tiles and after the last.
[[gnu::always_inline]] inline void flush_when_due(int& tiles, bool last, float* __restrict acc,
                                                  double* __restrict sums, std::int64_t width)
{
    if (++tiles < kTilesPerFlush && !last)
        return;
    for (std::int64_t j = 0; j < width; ++j) {
        sums[j] += acc[j];
        acc[j] = 0.0f;
    }
    tiles = 0;
}

// Sums of v = x - shift and of v * v, per tile position, into sums[0, T) and sums[T, 2T).
template <typename T>
[[gnu::always_inline]] inline void stats_tiles(const T* __restrict x, std::int64_t n,
                                               std::int64_t tile, const float* __restrict shift,
                                               float* __restrict acc, double* __restrict sums)
{
    float* __restrict a1 = acc;
    float* __restrict a2 = acc + tile;
    int tiles = 0;
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict in = x + off;
        for (std::int64_t j = 0; j < len; ++j) {
            const float v = load(in[j]) - shift[j];
            a1[j] += v;
            a2[j] += v * v;
        }
        flush_when_due(tiles, off + tile >= n, acc, sums, 2 * tile);
    }
}

// y = max(0, x * a + b).
template <typename T>
[[gnu::always_inline]] inline void
forward_tiles(const T* __restrict x, T* __restrict y, std::int64_t n, std::int64_t tile,
              const float* __restrict a, const float* __restrict b)
{
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict in = x + off;
        T* __restrict out = y + off;
        for (std::int64_t j = 0; j < len; ++j)
            store(out[j], std::max(load(in[j]) * a[j] + b[j], 0.0f));
    }
}

// The output gradient: gy, or gy + gy2 when the output had two uses (the sum that the autograd
// engine would otherwise make in a pass of its own).
template <bool kTwo, typename T>
[[gnu::always_inline]] inline float output_grad(const T* __restrict gy, const T* __restrict gy2,
                                                std::int64_t j)
{
    if constexpr (kTwo)
        return load(gy[j]) + load(gy2[j]);
    else
        return load(gy[j]);
}

// With g = gy where x * a + b > 0 (where the ReLU passed the gradient), else 0: sums of g and
// of g * (x - mean), per tile position.
template <bool kTwo, typename T>
[[gnu::always_inline]] inline void
reduce_tiles(const T* __restrict x, const T* __restrict gy, const T* __restrict gy2, std::int64_t n,
             std::int64_t tile, const float* __restrict a, const float* __restrict b,
             const float* __restrict mean, float* __restrict acc, double* __restrict sums)
{
    float* __restrict a1 = acc;
    float* __restrict a2 = acc + tile;
    int tiles = 0;
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict xr = x + off;
        const T* __restrict gr = gy + off;
        const T* __restrict gr2 = kTwo ? gy2 + off : nullptr;
        for (std::int64_t j = 0; j < len; ++j) {
            const float xv = load(xr[j]);
            const float gv = output_grad<kTwo>(gr, gr2, j);
            const float g = xv * a[j] + b[j] > 0.0f ? gv : 0.0f;
            a1[j] += g;
            a2[j] += g * (xv - mean[j]);
        }
        flush_when_due(tiles, off + tile >= n, acc, sums, 2 * tile);
    }
}

// dx = k * g + p * x + q, g masked as above.
template <bool kTwo, typename T>
[[gnu::always_inline]] inline void
grad_tiles(const T* __restrict x, const T* __restrict gy, const T* __restrict gy2, T* __restrict dx,
           std::int64_t n, std::int64_t tile, const float* __restrict a, const float* __restrict b,
           const float* __restrict k, const float* __restrict p, const float* __restrict q)
{
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict xr = x + off;
        const T* __restrict gr = gy + off;
        const T* __restrict gr2 = kTwo ? gy2 + off : nullptr;
        T* __restrict out = dx + off;
        for (std::int64_t j = 0; j < len; ++j) {
            const float xv = load(xr[j]);
            const float gv = output_grad<kTwo>(gr, gr2, j);
            const float g = xv * a[j] + b[j] > 0.0f ? gv : 0.0f;
            store(out[j], k[j] * g + p[j] * xv + q[j]);
        }
    }
}

// The residual form: y = max(0, x * a + b + identity).
template <typename T>
[[gnu::always_inline]] inline void
forward_add_tiles(const T* __restrict x, const T* __restrict identity, T* __restrict y,
                  std::int64_t n, std::int64_t tile, const float* __restrict a,
                  const float* __restrict b)
{
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict in = x + off;
        const T* __restrict id = identity + off;
        T* __restrict out = y + off;
        for (std::int64_t j = 0; j < len; ++j)
            store(out[j], std::max(load(in[j]) * a[j] + b[j] + load(id[j]), 0.0f));
    }
}

// The residual form's backward reduction: g = gy where y > 0, else 0, written out (it is the
// identity's gradient too), with the sums of g and of g * (x - mean).
template <bool kTwo, typename T>
[[gnu::always_inline]] inline void
reduce_add_tiles(const T* __restrict x, const T* __restrict y, const T* __restrict gy,
                 const T* __restrict gy2, T* __restrict g_out, std::int64_t n, std::int64_t tile,
                 const float* __restrict mean, float* __restrict acc, double* __restrict sums)
{
    float* __restrict a1 = acc;
    float* __restrict a2 = acc + tile;
    int tiles = 0;
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict xr = x + off;
        const T* __restrict yr = y + off;
        const T* __restrict gr = gy + off;
        const T* __restrict gr2 = kTwo ? gy2 + off : nullptr;
        T* __restrict go = g_out + off;
        for (std::int64_t j = 0; j < len; ++j) {
            const float gv = output_grad<kTwo>(gr, gr2, j);
            const float g = load(yr[j]) > 0.0f ? gv : 0.0f;
            store(go[j], g);
            a1[j] += g;
            a2[j] += g * (load(xr[j]) - mean[j]);
        }
        flush_when_due(tiles, off + tile >= n, acc, sums, 2 * tile);
    }
}

// dx = k * g + p * x + q for an already masked g.
template <typename T>
[[gnu::always_inline]] inline void
grad_masked_tiles(const T* __restrict x, const T* __restrict g, T* __restrict dx, std::int64_t n,
                  std::int64_t tile, const float* __restrict k, const float* __restrict p,
                  const float* __restrict q)
{
    for (std::int64_t off = 0; off < n; off += tile) {
        const std::int64_t len = std::min(tile, n - off);
        const T* __restrict xr = x + off;
        const T* __restrict gr = g + off;
        T* __restrict out = dx + off;
        for (std::int64_t j = 0; j < len; ++j)
            store(out[j], k[j] * load(gr[j]) + p[j] * load(xr[j]) + q[j]);
    }
}

} // namespace

// One multiversioned entry point per kernel and element type.
#define RESDENSE_INSTANTIATE(T, suffix)                                                            \
    RESDENSE_ROW_KERNEL void stats_##suffix(const T* x, std::int64_t n, std::int64_t tile,         \
                                            const float* shift, float* acc, double* sums)          \
    {                                                                                              \
        stats_tiles(x, n, tile, shift, acc, sums);                                                 \
    }                                                                                              \
    RESDENSE_ROW_KERNEL void forward_##suffix(const T* x, T* y, std::int64_t n, std::int64_t tile, \
                                              const float* a, const float* b)                      \
    {                                                                                              \
        forward_tiles(x, y, n, tile, a, b);                                                        \
    }                                                                                              \
    RESDENSE_ROW_KERNEL void reduce_##suffix(                                                      \
        const T* x, const T* gy, const T* gy2, std::int64_t n, std::int64_t tile, const float* a,  \
        const float* b, const float* mean, float* acc, double* sums)                               \
    {                                                                                              \
        if (gy2)                                                                                   \
            reduce_tiles<true>(x, gy, gy2, n, tile, a, b, mean, acc, sums);                        \
        else                                                                                       \
            reduce_tiles<false>(x, gy, gy2, n, tile, a, b, mean, acc, sums);                       \
    }                                                                                              \
    RESDENSE_ROW_KERNEL void grad_##suffix(                                                        \
        const T* x, const T* gy, const T* gy2, T* dx, std::int64_t n, std::int64_t tile,           \
        const float* a, const float* b, const float* k, const float* p, const float* q)            \
    {                                                                                              \
        if (gy2)                                                                                   \
            grad_tiles<true>(x, gy, gy2, dx, n, tile, a, b, k, p, q);                              \
        else                                                                                       \
            grad_tiles<false>(x, gy, gy2, dx, n, tile, a, b, k, p, q);                             \
    }                                                                                              \
    RESDENSE_ROW_KERNEL void forward_add_##suffix(const T* x, const T* id, T* y, std::int64_t n,   \
                                                  std::int64_t tile, const float* a,               \
                                                  const float* b)                                  \
    {                                                                                              \
        forward_add_tiles(x, id, y, n, tile, a, b);                                                \
    }                                                                                              \
    RESDENSE_ROW_KERNEL void reduce_add_##suffix(                                                  \
        const T* x, const T* y, const T* gy, const T* gy2, T* g, std::int64_t n,                   \
        std::int64_t tile, const float* mean, float* acc, double* sums)                            \
    {                                                                                              \
        if (gy2)                                                                                   \
            reduce_add_tiles<true>(x, y, gy, gy2, g, n, tile, mean, acc, sums);                    \
        else                                                                                       \
            reduce_add_tiles<false>(x, y, gy, gy2, g, n, tile, mean, acc, sums);                   \
    }                                                                                              \
    RESDENSE_ROW_KERNEL void grad_masked_##suffix(const T* x, const T* g, T* dx, std::int64_t n,   \
                                                  std::int64_t tile, const float* k,               \
                                                  const float* p, const float* q)                  \
    {                                                                                              \
        grad_masked_tiles(x, g, dx, n, tile, k, p, q);                                             \
    }

RESDENSE_INSTANTIATE(float, f32)
RESDENSE_INSTANTIATE(std::uint16_t, bf16)
#undef RESDENSE_INSTANTIATE

} // namespace resdense::norm_kernels
