#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "resdense/stats.h"
#include "stats/index_sampler.h"

namespace resdense {
namespace {

void require_level(double level, const char* what)
{
    if (!(level > 0 && level < 1))
        throw std::invalid_argument(std::string(what) + ": level must lie in (0, 1), got " +
                                    std::to_string(level));
}

// numpy.percentile's default: linear interpolation between the order statistics of `sorted`.
double percentile(const std::vector<std::int64_t>& sorted, double fraction)
{
    const double position = fraction * double(sorted.size() - 1);
    const std::size_t below = std::size_t(std::floor(position));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double weight = position - double(below);
    return double(sorted[below]) + weight * double(sorted[above] - sorted[below]);
}

// Per resample, the number of B-only-correct minus A-only-correct images drawn: B's accuracy minus
// A's is that over n. Only the per-image sign is looked up, so a draw costs one table read.
std::vector<std::int64_t> resampled_differences(const std::vector<std::int8_t>& sign, int resamples,
                                                std::uint64_t seed)
{
    stats_detail::IndexSampler sampler(seed, std::uint32_t(sign.size()));
    std::vector<std::int64_t> differences(static_cast<std::size_t>(resamples));
    for (auto& difference : differences) {
        std::int64_t sum = 0;
        for (std::size_t draw = 0; draw < sign.size(); ++draw)
            sum += sign[sampler.next()];
        difference = sum;
    }
    return differences;
}

} // namespace

Interval paired_bootstrap_difference(const std::vector<bool>& a_correct,
                                     const std::vector<bool>& b_correct, int resamples,
                                     std::uint64_t seed, double level)
{
    const char* what = "paired_bootstrap_difference";
    const std::size_t n = a_correct.size();
    if (n != b_correct.size() || n == 0)
        throw std::invalid_argument(std::string(what) +
                                    ": the samples are empty or differ in size");
    if (n > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument(std::string(what) + ": more than 2^32 - 1 images");
    if (resamples < 1)
        throw std::invalid_argument(std::string(what) + ": resamples must be positive");
    require_level(level, what);
    std::vector<std::int8_t> sign(n);
    std::int64_t sum = 0, discordant = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sign[i] = std::int8_t(int(b_correct[i]) - int(a_correct[i]));
        sum += sign[i];
        discordant += sign[i] != 0;
    }
    const double points = 100.0 / double(n);
    Interval r;
    r.level = level;
    r.estimate = double(sum) * points;
    if (discordant == 0)
        return r; // every resample has difference 0
    std::vector<std::int64_t> differences = resampled_differences(sign, resamples, seed);
    std::sort(differences.begin(), differences.end());
    r.low = percentile(differences, (1.0 - level) / 2.0) * points;
    r.high = percentile(differences, (1.0 + level) / 2.0) * points;
    return r;
}

SampleSummary summarize_sample(const std::vector<double>& values, double level)
{
    if (values.empty())
        throw std::invalid_argument("summarize_sample: no values");
    require_level(level, "summarize_sample");
    SampleSummary s;
    s.n = int(values.size());
    double sum = 0.0;
    for (double v : values)
        sum += v;
    s.mean = sum / s.n;
    if (s.n == 1) {
        s.std = s.low = s.high = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    double squares = 0.0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(squares / (s.n - 1));
    const double half_width =
        student_t_quantile((1.0 + level) / 2.0, s.n - 1.0) * s.std / std::sqrt(double(s.n));
    s.low = s.mean - half_width;
    s.high = s.mean + half_width;
    return s;
}

} // namespace resdense
