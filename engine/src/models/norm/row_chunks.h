#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/types.h>

#include "models/norm/norm_kernels.h"

// How the fused batch norm walks a channels-last tensor: as rows of C channels in chunks, one per
// thread, handing the kernels (norm_kernels.h) raw pointers into the tensors.
namespace resdense::detail {

// A channels-last tensor seen as rows of C channels, cut into one chunk of whole rows per
// thread (a fixed split for a given thread count, so that sums add in the same order every
// time: same seed, same results).
class RowChunks {
public:
    explicit RowChunks(const torch::Tensor& x)
        : m_channels(x.size(1)), m_rows(x.numel() / x.size(1)),
          m_tile(std::max<std::int64_t>(1, norm_kernels::kTile / m_channels) * m_channels),
          m_chunks(std::clamp<std::int64_t>(m_rows / 256, 1, std::max(1, at::get_num_threads())))
    {
    }
    std::int64_t channels() const { return m_channels; }
    std::int64_t rows() const { return m_rows; }
    std::int64_t tile() const { return m_tile; }

    // Runs f(chunk, first_value, value_count) on every chunk, in parallel.
    template <typename F> void run(const F& f) const
    {
        at::parallel_for(0, m_chunks, 1, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const std::int64_t first = m_rows * i / m_chunks;
                const std::int64_t last = m_rows * (i + 1) / m_chunks;
                f(i, first * m_channels, (last - first) * m_channels);
            }
        });
    }

    // A per-channel vector repeated across a tile.
    std::vector<float> tiled(const std::vector<float>& v) const
    {
        std::vector<float> t(static_cast<std::size_t>(m_tile));
        for (std::size_t j = 0; j < t.size(); ++j)
            t[j] = v[j % v.size()];
        return t;
    }

    // Two sums per tile position, computed per chunk by f(chunk values, float scratch, double
    // sums) and added up per channel in chunk order: {first sum by channel, second by channel}.
    template <typename F> std::vector<double> sum_pairs(const F& f) const
    {
        const auto width = static_cast<std::size_t>(2 * m_tile);
        std::vector<double> partial(static_cast<std::size_t>(m_chunks) * width, 0.0);
        run([&](std::int64_t i, std::int64_t first, std::int64_t count) {
            std::vector<float> scratch(width, 0.0f);
            f(first, count, scratch.data(), partial.data() + static_cast<std::size_t>(i) * width);
        });
        const auto C = static_cast<std::size_t>(m_channels);
        std::vector<double> total(2 * C, 0.0);
        for (std::size_t i = 0; i < static_cast<std::size_t>(m_chunks); ++i)
            for (std::size_t j = 0; j < width; ++j)
                total[(j / static_cast<std::size_t>(m_tile)) * C + j % C] += partial[i * width + j];
        return total;
    }

private:
    std::int64_t m_channels, m_rows, m_tile, m_chunks;
};

// Raw data for the kernels: float tensors as float, bfloat16 ones as their bits.
inline bool is_bf16(const torch::Tensor& t)
{
    return t.scalar_type() == torch::kBFloat16;
}

inline const std::uint16_t* bf16_data(const torch::Tensor& t)
{
    return reinterpret_cast<const std::uint16_t*>(t.data_ptr<at::BFloat16>());
}
inline std::uint16_t* bf16_data(torch::Tensor& t)
{
    return reinterpret_cast<std::uint16_t*>(t.data_ptr<at::BFloat16>());
}

template <typename T> const T* offset(const T* p, std::int64_t n)
{
    return p ? p + n : nullptr;
}

template <typename T> const T* data_or_null(const torch::Tensor& t)
{
    if (!t.defined())
        return nullptr;
    if constexpr (std::is_same_v<T, std::uint16_t>)
        return bf16_data(t);
    else
        return t.data_ptr<float>();
}

} // namespace resdense::detail
