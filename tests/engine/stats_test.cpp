#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "resdense/stats.h"
#include "stats/index_sampler.h"

// Reference values come from /usr/bin/python3 with numpy 1.24.2 and scipy 1.10.1 (Debian 12) after
// `import numpy, scipy.stats; from scipy import optimize, stats`; the expression beside each
// value produced it.
//
// Student-t quantiles are not taken from scipy.stats.t.ppf: in scipy 1.10 it is cephes' stdtrit,
// off by up to 2e-9 relative (t.ppf(0.6, 30) by 2e-9, t.ppf(0.995, 9) by 7e-10), while the
// values here must hold to 1e-10. They are the roots of scipy's own t.sf instead, by brentq to
// full precision (and agree with mpmath at 40 digits to 1e-15).

using namespace resdense;

namespace {

// Correctness vectors with the given category counts, spread over the test set by a fixed
// permutation (i * 7919 mod n) rather than std::shuffle, whose order differs between standard
// libraries.
struct Pairs {
    std::vector<bool> a, b;
};

Pairs make_pairs(std::int64_t both, std::int64_t a_only, std::int64_t b_only, std::int64_t wrong)
{
    const std::int64_t n = both + a_only + b_only + wrong;
    Pairs p{std::vector<bool>(std::size_t(n)), std::vector<bool>(std::size_t(n))};
    for (std::int64_t i = 0; i < n; ++i) {
        const auto slot = std::size_t(i * 7919 % n); // 7919 is prime and divides no n used here
        p.a[slot] = i < both + a_only;
        p.b[slot] = i < both || (i >= both + a_only && i < both + a_only + b_only);
    }
    return p;
}

double accuracy(const std::vector<bool>& correct)
{
    return double(std::count(correct.begin(), correct.end(), true)) / double(correct.size());
}

// The documented bootstrap, written out the slow way: real index draws, real accuracies, a sort,
// numpy.percentile's interpolation. The library must reproduce it, stream included.
std::uint32_t lemire_draw(std::mt19937_64& engine, std::uint32_t n, std::uint64_t& pending,
                          bool& has_pending)
{
    for (;;) {
        std::uint32_t bits;
        if (has_pending) {
            bits = std::uint32_t(pending >> 32);
        } else {
            pending = engine();
            bits = std::uint32_t(pending);
        }
        has_pending = !has_pending;
        const std::uint64_t product = std::uint64_t(bits) * n;
        if (std::uint32_t(product) >= std::uint32_t(-n) % n)
            return std::uint32_t(product >> 32);
    }
}

double numpy_percentile(const std::vector<double>& sorted, double q)
{
    const double position = q * double(sorted.size() - 1);
    const auto below = std::size_t(position);
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (position - double(below)) * (sorted[above] - sorted[below]);
}

Interval naive_bootstrap(const Pairs& p, int resamples, std::uint64_t seed, double level)
{
    std::mt19937_64 engine(seed);
    std::uint64_t pending = 0;
    bool has_pending = false;
    const auto n = std::uint32_t(p.a.size());
    std::vector<double> differences;
    for (int r = 0; r < resamples; ++r) {
        std::int64_t a_hits = 0, b_hits = 0;
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::uint32_t index = lemire_draw(engine, n, pending, has_pending);
            a_hits += p.a[index];
            b_hits += p.b[index];
        }
        differences.push_back(100.0 * double(b_hits) / n - 100.0 * double(a_hits) / n);
    }
    std::sort(differences.begin(), differences.end());
    return {100.0 * (accuracy(p.b) - accuracy(p.a)), numpy_percentile(differences, (1 - level) / 2),
            numpy_percentile(differences, (1 + level) / 2), level};
}

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

} // namespace

// ---------------------------------------------------------------- McNemar

TEST(Stats, McNemarCountsTheFourCategories)
{
    const std::vector<bool> a{true, true, false, false, true, false, true};
    const std::vector<bool> b{true, false, true, false, true, true, false};
    const McNemarResult m = mcnemar_exact(a, b);
    EXPECT_EQ(m.both_correct, 2);
    EXPECT_EQ(m.a_only_correct, 2);
    EXPECT_EQ(m.b_only_correct, 2);
    EXPECT_EQ(m.both_wrong, 1);
    EXPECT_EQ(m.discordant(), 4);
}

TEST(Stats, McNemarExactMatchesScipyBinomTest)
{
    struct Case {
        std::int64_t k, n; // a_only_correct among n discordant pairs
        double expected;
    };
    // clang-format off
    const Case cases[] = {
        {0, 1, 1.0},                        // scipy.stats.binomtest(0, 1, 0.5).pvalue
        {1, 1, 1.0},                        // scipy.stats.binomtest(1, 1, 0.5).pvalue
        {5, 10, 1.0},                       // scipy.stats.binomtest(5, 10, 0.5).pvalue
        {3, 10, 0.34375},                   // scipy.stats.binomtest(3, 10, 0.5).pvalue
        {1, 20, 4.00543212890625e-05},      // scipy.stats.binomtest(1, 20, 0.5).pvalue
        {0, 30, 1.862645149230957e-09},     // scipy.stats.binomtest(0, 30, 0.5).pvalue
        {19700, 40000, 0.0027440009707676185}, // scipy.stats.binomtest(19700, 40000, 0.5).pvalue
        {20100, 40000, 0.3197362744405349}, // scipy.stats.binomtest(20100, 40000, 0.5).pvalue
        {49500, 100000, 0.0015823598788515165}, // scipy.stats.binomtest(49500, 100000, 0.5).pvalue
    };
    // clang-format on
    for (const Case& c : cases) {
        const Pairs p = make_pairs(50, c.k, c.n - c.k, 20);
        const McNemarResult m = mcnemar_exact(p.a, p.b);
        ASSERT_EQ(m.a_only_correct, c.k);
        ASSERT_EQ(m.b_only_correct, c.n - c.k);
        EXPECT_NEAR(m.p_value, c.expected, 1e-9 * c.expected) << "k = " << c.k << ", n = " << c.n;
        // The test is symmetric in A and B.
        EXPECT_EQ(mcnemar_exact_p(c.n - c.k, c.k), m.p_value);
    }
}

TEST(Stats, McNemarWithoutDiscordantPairsHasPOne)
{
    const Pairs p = make_pairs(30, 0, 0, 7); // n = 0: scipy's binomtest rejects n = 0
    const McNemarResult m = mcnemar_exact(p.a, p.b);
    EXPECT_EQ(m.discordant(), 0);
    EXPECT_EQ(m.p_value, 1.0);
}

TEST(Stats, McNemarRejectsMismatchedOrEmptyInput)
{
    EXPECT_THROW(mcnemar_exact({true, false}, {true}), std::invalid_argument);
    EXPECT_THROW(mcnemar_exact({}, {}), std::invalid_argument);
    EXPECT_THROW(mcnemar_exact_p(-1, 3), std::invalid_argument);
}

// ---------------------------------------------------------------- paired bootstrap

TEST(Stats, BootstrapIsDeterministicForASeed)
{
    const Pairs p = make_pairs(1700, 120, 150, 30);
    const Interval first = paired_bootstrap_difference(p.a, p.b, 2000, 7);
    const Interval second = paired_bootstrap_difference(p.a, p.b, 2000, 7);
    EXPECT_EQ(first.estimate, second.estimate);
    EXPECT_EQ(first.low, second.low);
    EXPECT_EQ(first.high, second.high);
}

TEST(Stats, BootstrapIntervalChangesWithTheSeed)
{
    const Pairs p = make_pairs(1700, 120, 150, 30);
    const Interval one = paired_bootstrap_difference(p.a, p.b, 2000, 1);
    const Interval two = paired_bootstrap_difference(p.a, p.b, 2000, 2);
    EXPECT_EQ(one.estimate, two.estimate);
    EXPECT_TRUE(one.low != two.low || one.high != two.high);
}

TEST(Stats, BootstrapEstimateIsThePlainAccuracyDifferenceAndInsideTheInterval)
{
    const Pairs p = make_pairs(1700, 120, 150, 30);
    const Interval r = paired_bootstrap_difference(p.a, p.b, 2000, 3);
    EXPECT_NEAR(r.estimate, 100.0 * (accuracy(p.b) - accuracy(p.a)), 1e-12);
    EXPECT_NEAR(r.estimate, 1.5, 1e-12); // (150 - 120) / 2000 images
    EXPECT_LT(r.low, r.estimate);
    EXPECT_GT(r.high, r.estimate);
    EXPECT_EQ(r.level, 0.95);
}

TEST(Stats, BootstrapOfIdenticalModelsIsExactlyZero)
{
    const Pairs p = make_pairs(900, 0, 0, 100);
    const Interval r = paired_bootstrap_difference(p.a, p.a, 1000, 5);
    EXPECT_EQ(r.estimate, 0.0);
    EXPECT_EQ(r.low, 0.0);
    EXPECT_EQ(r.high, 0.0);
}

TEST(Stats, BootstrapIndexStreamIsLemireOnHalvesOfMt19937_64)
{
    // 3e9 images: a third of the 32-bit draws are rejected, which test-set sizes never show.
    for (std::uint32_t n : {201u, 3'000'000'000u}) {
        stats_detail::IndexSampler sampler(99, n);
        std::mt19937_64 engine(99);
        std::uint64_t pending = 0;
        bool has_pending = false;
        for (int i = 0; i < 1001; ++i)
            ASSERT_EQ(sampler.next(), lemire_draw(engine, n, pending, has_pending))
                << "draw " << i << " of [0, " << n << ")";
    }
}

TEST(Stats, BootstrapResamplesImageIndicesExactlyAsDocumented)
{
    // 201 images: a resample ends half way through a 64-bit output, so the halves' order counts.
    const Pairs p = make_pairs(170, 12, 15, 4);
    for (std::uint64_t seed : {0ull, 11ull}) {
        for (double level : {0.95, 0.8}) {
            const Interval expected = naive_bootstrap(p, 501, seed, level);
            const Interval r = paired_bootstrap_difference(p.a, p.b, 501, seed, level);
            EXPECT_NEAR(r.estimate, expected.estimate, 1e-12);
            EXPECT_NEAR(r.low, expected.low, 1e-12) << "seed " << seed << ", level " << level;
            EXPECT_NEAR(r.high, expected.high, 1e-12) << "seed " << seed << ", level " << level;
        }
    }
}

// For n = 10,000 the bootstrap distribution of the mean paired difference D = b - a is close to
// normal with the plug-in standard error SE = sqrt((p_a + p_b - (p_b - p_a)^2) / n), here 0.424
// points. What separates the two intervals: the Monte Carlo error of a 2.5 % quantile from 4,000
// resamples, sqrt(0.025 * 0.975 / 4000) / phi(1.96) = 0.042 SE; the skewness of D (0.12, so
// 0.0012 for the mean), which shifts an endpoint by about skew * (z^2 - 1) / 6 = 0.001 SE; and
// the 0.01-point grid of attainable differences, 0.024 SE. A tolerance of 0.2 SE (0.085 points)
// is about five Monte Carlo standard errors, yet a bootstrap whose spread were off by 20 % (0.39 SE
// at each end) would miss it.
TEST(Stats, BootstrapIntervalIsCloseToTheNormalApproximationForALargeSample)
{
    const Pairs p = make_pairs(8000, 800, 1000, 200);
    const Interval r = paired_bootstrap_difference(p.a, p.b, 4000, 2024);
    const double pa = 0.08, pb = 0.10, n = 10000;
    const double se = 100.0 * std::sqrt((pa + pb - (pb - pa) * (pb - pa)) / n);
    const double z = 1.959963984540054; // scipy.stats.norm.ppf(0.975)
    EXPECT_NEAR(r.estimate, 2.0, 1e-12);
    EXPECT_NEAR(r.low, 2.0 - z * se, 0.2 * se);
    EXPECT_NEAR(r.high, 2.0 + z * se, 0.2 * se);
}

TEST(Stats, BootstrapRejectsBadArguments)
{
    const Pairs p = make_pairs(10, 2, 3, 1);
    EXPECT_THROW(paired_bootstrap_difference(p.a, {true, false}), std::invalid_argument);
    EXPECT_THROW(paired_bootstrap_difference({}, {}), std::invalid_argument);
    EXPECT_THROW(paired_bootstrap_difference(p.a, p.b, 0), std::invalid_argument);
    EXPECT_THROW(paired_bootstrap_difference(p.a, p.b, 100, 0, 1.0), std::invalid_argument);
}

// ---------------------------------------------------------------- Student's t

TEST(Stats, StudentTQuantileMatchesScipyTo1e10)
{
    struct Case {
        double dof, p, expected;
    };
    // clang-format off
    const Case cases[] = {
        // optimize.brentq(lambda x: stats.t.sf(x, 1) - (1 - 0.975), 0, 1e4, xtol=1e-300)
        {1, 0.975, 12.706204736174694},
        // optimize.brentq(lambda x: stats.t.sf(x, 1) - (1 - 0.995), 0, 1e4, xtol=1e-300)
        {1, 0.995, 63.656741162871526},
        // optimize.brentq(lambda x: stats.t.sf(x, 1) - (1 - 0.6), 0, 1e4, xtol=1e-300)
        {1, 0.6, 0.32491969623290634},
        // optimize.brentq(lambda x: stats.t.sf(x, 2) - (1 - 0.975), 0, 1e4, xtol=1e-300)
        {2, 0.975, 4.302652729749462},
        // optimize.brentq(lambda x: stats.t.sf(x, 2) - (1 - 0.995), 0, 1e4, xtol=1e-300)
        {2, 0.995, 9.92484320091829},
        // optimize.brentq(lambda x: stats.t.sf(x, 2) - (1 - 0.6), 0, 1e4, xtol=1e-300)
        {2, 0.6, 0.2886751345948128},
        // optimize.brentq(lambda x: stats.t.sf(x, 4) - (1 - 0.975), 0, 1e4, xtol=1e-300)
        {4, 0.975, 2.776445105197793},
        // optimize.brentq(lambda x: stats.t.sf(x, 4) - (1 - 0.995), 0, 1e4, xtol=1e-300)
        {4, 0.995, 4.604094871349992},
        // optimize.brentq(lambda x: stats.t.sf(x, 4) - (1 - 0.6), 0, 1e4, xtol=1e-300)
        {4, 0.6, 0.2707222947075973},
        // optimize.brentq(lambda x: stats.t.sf(x, 9) - (1 - 0.975), 0, 1e4, xtol=1e-300)
        {9, 0.975, 2.262157162798204},
        // optimize.brentq(lambda x: stats.t.sf(x, 9) - (1 - 0.995), 0, 1e4, xtol=1e-300)
        {9, 0.995, 3.2498355415921254},
        // optimize.brentq(lambda x: stats.t.sf(x, 9) - (1 - 0.6), 0, 1e4, xtol=1e-300)
        {9, 0.6, 0.26095533647391095},
        // optimize.brentq(lambda x: stats.t.sf(x, 30) - (1 - 0.975), 0, 1e4, xtol=1e-300)
        {30, 0.975, 2.0422724563012378},
        // optimize.brentq(lambda x: stats.t.sf(x, 30) - (1 - 0.995), 0, 1e4, xtol=1e-300)
        {30, 0.995, 2.7499956535672254},
        // optimize.brentq(lambda x: stats.t.sf(x, 30) - (1 - 0.6), 0, 1e4, xtol=1e-300)
        {30, 0.6, 0.2556053649519128},
        // optimize.brentq(lambda x: stats.t.sf(x, 1000) - (1 - 0.975), 0, 1e4, xtol=1e-300)
        {1000, 0.975, 1.9623390808264078},
        // optimize.brentq(lambda x: stats.t.sf(x, 1000) - (1 - 0.995), 0, 1e4, xtol=1e-300)
        {1000, 0.995, 2.5807546980659506},
        // optimize.brentq(lambda x: stats.t.sf(x, 1000) - (1 - 0.6), 0, 1e4, xtol=1e-300)
        {1000, 0.6, 0.25341451583949887},
    };
    // clang-format on
    for (const Case& c : cases) {
        EXPECT_NEAR(student_t_quantile(c.p, c.dof), c.expected, 1e-10 * c.expected)
            << "dof " << c.dof << ", p " << c.p;
        EXPECT_NEAR(student_t_quantile(1 - c.p, c.dof), -c.expected, 1e-10 * c.expected)
            << "dof " << c.dof << ", p " << 1 - c.p;
    }
}

TEST(Stats, StudentTCdfMatchesScipyTo1e10)
{
    struct Case {
        double dof, t, expected;
    };
    // clang-format off
    const Case cases[] = {
        {1, -3.5, 0.08858553278290474},       // scipy.stats.t.cdf(-3.5, 1)
        {1, 0.7, 0.6944001122142147},         // scipy.stats.t.cdf(0.7, 1)
        {1, 2.0, 0.8524163823495667},         // scipy.stats.t.cdf(2.0, 1)
        {2, -3.5, 0.036413675027234665},      // scipy.stats.t.cdf(-3.5, 2)
        {2, 0.7, 0.7218034876835673},         // scipy.stats.t.cdf(0.7, 2)
        {2, 2.0, 0.908248290463863},          // scipy.stats.t.cdf(2.0, 2)
        {4, -3.5, 0.012448081730111376},      // scipy.stats.t.cdf(-3.5, 4)
        {4, 0.7, 0.738749917203275},          // scipy.stats.t.cdf(0.7, 4)
        {4, 2.0, 0.9419417382415922},         // scipy.stats.t.cdf(2.0, 4)
        {9, -3.5, 0.003361757881529476},      // scipy.stats.t.cdf(-3.5, 9)
        {9, 0.7, 0.7491904803919274},         // scipy.stats.t.cdf(0.7, 9)
        {9, 2.0, 0.9617235881146495},         // scipy.stats.t.cdf(2.0, 9)
        {30, -3.5, 0.0007384037188221277},    // scipy.stats.t.cdf(-3.5, 30)
        {30, 0.7, 0.7553397782501642},        // scipy.stats.t.cdf(0.7, 30)
        {30, 2.0, 0.9726874775185085},        // scipy.stats.t.cdf(2.0, 30)
        {1000, -3.5, 0.00024288717298391596}, // scipy.stats.t.cdf(-3.5, 1000)
        {1000, 0.7, 0.7579549430036987},      // scipy.stats.t.cdf(0.7, 1000)
        {1000, 2.0, 0.9771148267533741},      // scipy.stats.t.cdf(2.0, 1000)
    };
    // clang-format on
    for (const Case& c : cases)
        EXPECT_NEAR(student_t_cdf(c.t, c.dof), c.expected, 1e-10 * c.expected)
            << "dof " << c.dof << ", t " << c.t;
}

TEST(Stats, StudentTHandlesItsEdges)
{
    EXPECT_EQ(student_t_quantile(0.5, 3), 0.0);
    EXPECT_EQ(student_t_cdf(0.0, 3), 0.5);
    EXPECT_EQ(student_t_quantile(0.0, 3), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(student_t_quantile(1.0, 3), std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(student_t_quantile(0.975, 0)));
    EXPECT_TRUE(std::isnan(student_t_cdf(1.0, -2)));
    EXPECT_TRUE(std::isnan(student_t_quantile(1.5, 3)));
    // Infinite dof is the normal distribution.
    const double inf = std::numeric_limits<double>::infinity();
    // scipy.stats.norm.ppf(0.975)
    EXPECT_NEAR(student_t_quantile(0.975, inf), 1.959963984540054, 1e-12);
}

// ---------------------------------------------------------------- samples over seeds

TEST(Stats, SummarizeSampleMatchesNumpyAndScipyForThreeValues)
{
    // x = [91.2, 92.5, 91.9]
    const SampleSummary s = summarize_sample({91.2, 92.5, 91.9});
    EXPECT_EQ(s.n, 3);
    EXPECT_NEAR(s.mean, 91.86666666666667, 1e-12); // numpy.mean(x)
    EXPECT_NEAR(s.std, 0.6506407098647699, 1e-12); // numpy.std(x, ddof=1)
    // scipy.stats.t.interval(0.95, 2, loc=numpy.mean(x), scale=scipy.stats.sem(x))
    EXPECT_NEAR(s.low, 90.2503855424308, 1e-9);
    EXPECT_NEAR(s.high, 93.48294779090254, 1e-9);
    // scipy.stats.t.interval(0.99, 2, loc=numpy.mean(x), scale=scipy.stats.sem(x))
    const SampleSummary wide = summarize_sample({91.2, 92.5, 91.9}, 0.99);
    EXPECT_NEAR(wide.low, 88.13842324717618, 1e-9);
    EXPECT_NEAR(wide.high, 95.59491008615717, 1e-9);
}

TEST(Stats, SummarizeSampleMatchesNumpyAndScipyForFiveValues)
{
    // x = [93.1, 92.4, 93.8, 92.9, 93.3]
    const SampleSummary s = summarize_sample({93.1, 92.4, 93.8, 92.9, 93.3});
    EXPECT_EQ(s.n, 5);
    EXPECT_NEAR(s.mean, 93.10000000000001, 1e-12); // numpy.mean(x)
    EXPECT_NEAR(s.std, 0.5147815070493462, 1e-12); // numpy.std(x, ddof=1)
    // scipy.stats.t.interval(0.95, 4, loc=numpy.mean(x), scale=scipy.stats.sem(x))
    EXPECT_NEAR(s.low, 92.46081433575576, 1e-9);
    EXPECT_NEAR(s.high, 93.73918566424426, 1e-9);
}

TEST(Stats, SummarizeSampleOfOneValueHasNoSpread)
{
    const SampleSummary s = summarize_sample({91.2});
    EXPECT_EQ(s.n, 1);
    EXPECT_EQ(s.mean, 91.2);
    EXPECT_TRUE(std::isnan(s.std));
    EXPECT_TRUE(std::isnan(s.low));
    EXPECT_TRUE(std::isnan(s.high));
    EXPECT_THROW(summarize_sample({}), std::invalid_argument);
    EXPECT_THROW(summarize_sample({1.0, 2.0}, 0.0), std::invalid_argument);
}

TEST(Stats, PairedTTestMatchesScipyTtestRel)
{
    // a = [91.2, 92.5, 91.9, 92.0, 91.5]; b = [92.0, 92.9, 92.7, 92.3, 92.4]
    // r = scipy.stats.ttest_rel(b, a)
    const std::vector<double> a{91.2, 92.5, 91.9, 92.0, 91.5}, b{92.0, 92.9, 92.7, 92.3, 92.4};
    const PairedTTest t = paired_t_test(a, b);
    EXPECT_EQ(t.n, 5);
    EXPECT_NEAR(t.mean_difference, 0.6400000000000006, 1e-12); // numpy.mean(numpy.subtract(b, a))
    EXPECT_NEAR(t.t, 5.296677687055157, 1e-10);                // r.statistic
    EXPECT_NEAR(t.p_value, 0.006100861083863411, 1e-12);       // r.pvalue
    EXPECT_NEAR(t.low, 0.30452086150733415, 1e-10);            // r.confidence_interval(0.95).low
    EXPECT_NEAR(t.high, 0.975479138492667, 1e-10);             // r.confidence_interval(0.95).high

    // Swapping A and B flips the sign, not the p-value.
    const PairedTTest swapped = paired_t_test(b, a);
    EXPECT_NEAR(swapped.t, -t.t, 1e-12);
    EXPECT_NEAR(swapped.p_value, t.p_value, 1e-15);
}

TEST(Stats, PairedTTestMatchesScipyWhenNotSignificant)
{
    // r = scipy.stats.ttest_rel([91.9, 92.1, 92.2], [91.2, 92.5, 91.9])
    const PairedTTest t = paired_t_test({91.2, 92.5, 91.9}, {91.9, 92.1, 92.2});
    EXPECT_NEAR(t.t, 0.6221710168382447, 1e-10);       // r.statistic
    EXPECT_NEAR(t.p_value, 0.5973063668715912, 1e-10); // r.pvalue
    EXPECT_NEAR(t.low, -1.183109342436588, 1e-9);      // r.confidence_interval(0.95).low
    EXPECT_NEAR(t.high, 1.5831093424365843, 1e-9);     // r.confidence_interval(0.95).high
}

TEST(Stats, PairedTTestDegenerateCasesFollowTheDocumentedChoice)
{
    const PairedTTest same = paired_t_test({91.0, 92.0, 93.0}, {91.0, 92.0, 93.0});
    EXPECT_EQ(same.t, 0.0);
    EXPECT_EQ(same.p_value, 1.0);
    EXPECT_EQ(same.low, 0.0);
    EXPECT_EQ(same.high, 0.0);

    // scipy.stats.ttest_rel([2, 3, 4], [1, 2, 3]) gives t = inf, p = 0.0; here p is NaN.
    const PairedTTest constant = paired_t_test({1, 2, 3}, {2, 3, 4});
    EXPECT_EQ(constant.t, std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(constant.p_value));
    EXPECT_EQ(constant.low, 1.0);
    EXPECT_EQ(constant.high, 1.0);

    const PairedTTest single = paired_t_test({91.0}, {92.0});
    EXPECT_EQ(single.n, 1);
    EXPECT_EQ(single.mean_difference, 1.0);
    EXPECT_TRUE(std::isnan(single.p_value));
    EXPECT_TRUE(std::isnan(single.low));

    EXPECT_THROW(paired_t_test({1.0, 2.0}, {1.0}), std::invalid_argument);
}

// ---------------------------------------------------------------- verdicts

TEST(Stats, VerdictFromMcNemarNamesTheBetterModel)
{
    McNemarResult m;
    m.a_only_correct = 800;
    m.b_only_correct = 1000;
    m.p_value = 2.7e-6;
    const Verdict b_better = verdict_from(m, Interval{2.0, 1.17, 2.83, 0.95});
    EXPECT_EQ(b_better.code, VerdictCode::BSignificantlyBetter);
    EXPECT_EQ(b_better.difference_points, 2.0);
    EXPECT_EQ(verdict_sentence(b_better),
              "B is better by 2.00 points (95 % CI 1.17 to 2.83), p < 0.0001");

    std::swap(m.a_only_correct, m.b_only_correct);
    const Verdict a_better = verdict_from(m, Interval{-2.0, -2.83, -1.17, 0.95});
    EXPECT_EQ(a_better.code, VerdictCode::ASignificantlyBetter);
    EXPECT_EQ(verdict_sentence(a_better),
              "A is better by 2.00 points (95 % CI 1.17 to 2.83), p < 0.0001");
}

TEST(Stats, VerdictFromMcNemarSaysNoDifferenceAboveAlpha)
{
    const Pairs p = make_pairs(1700, 120, 130, 50);
    const McNemarResult m = mcnemar_exact(p.a, p.b);
    const Verdict v = verdict_from(m, paired_bootstrap_difference(p.a, p.b, 500));
    EXPECT_EQ(v.code, VerdictCode::NoSignificantDifference);
    EXPECT_GT(v.p_value, 0.05);
    EXPECT_EQ(verdict_code_name(v.code), "no_significant_difference");

    const Pairs same = make_pairs(10, 0, 0, 2);
    const McNemarResult none = mcnemar_exact(same.a, same.b);
    const Verdict undecided = verdict_from(none, paired_bootstrap_difference(same.a, same.b, 10));
    EXPECT_EQ(undecided.code, VerdictCode::NotEnoughData);
    EXPECT_EQ(verdict_sentence(undecided), "Not enough data to compare A and B");
}

TEST(Stats, VerdictFromPairedTTestUsesAlphaAndSeedCount)
{
    const PairedTTest significant =
        paired_t_test({91.2, 92.5, 91.9, 92.0, 91.5}, {92.0, 92.9, 92.7, 92.3, 92.4});
    const Verdict v = verdict_from(significant);
    EXPECT_EQ(v.code, VerdictCode::BSignificantlyBetter);
    EXPECT_EQ(verdict_sentence(v), "B is better by 0.64 points (95 % CI 0.30 to 0.98), p = 0.0061");
    // The same data at alpha = 0.005 is not significant, nor is it when p equals alpha.
    EXPECT_EQ(verdict_from(significant, 0.005).code, VerdictCode::NoSignificantDifference);
    EXPECT_EQ(verdict_from(significant, significant.p_value).code,
              VerdictCode::NoSignificantDifference);

    const Verdict not_significant =
        verdict_from(paired_t_test({91.2, 92.5, 91.9}, {91.9, 92.1, 92.2}));
    EXPECT_EQ(not_significant.code, VerdictCode::NoSignificantDifference);
    EXPECT_EQ(verdict_sentence(not_significant), "No significant difference: p = 0.6");

    // One seed is not enough, even when its difference is 0 and so p = 1.
    EXPECT_EQ(verdict_from(paired_t_test({91.2}, {93.0})).code, VerdictCode::NotEnoughData);
    EXPECT_EQ(verdict_from(paired_t_test({91.2}, {91.2})).code, VerdictCode::NotEnoughData);
    EXPECT_EQ(verdict_from(paired_t_test({1, 2, 3}, {2, 3, 4})).code, VerdictCode::NotEnoughData);
}

TEST(Stats, VerdictSentenceFormatsPWithTwoSignificantDigits)
{
    Verdict v;
    v.code = VerdictCode::NoSignificantDifference;
    v.p_value = 0.41234;
    EXPECT_EQ(verdict_sentence(v), "No significant difference: p = 0.41");
    v.code = VerdictCode::BSignificantlyBetter;
    v.p_value = 0.000312;
    v.difference_points = 1.234;
    v.low = 0.8;
    v.high = 1.7;
    EXPECT_EQ(verdict_sentence(v),
              "B is better by 1.23 points (95 % CI 0.80 to 1.70), p = 0.00031");
    v.p_value = 0.0001;
    v.level = 0.99;
    EXPECT_EQ(verdict_sentence(v), "B is better by 1.23 points (99 % CI 0.80 to 1.70), p = 0.0001");
    v.low = v.high = not_a_number;
    EXPECT_EQ(verdict_sentence(v), "B is better by 1.23 points, p = 0.0001");
}

TEST(Stats, VerdictCodeNamesAreStable)
{
    EXPECT_EQ(verdict_code_name(VerdictCode::NoSignificantDifference), "no_significant_difference");
    EXPECT_EQ(verdict_code_name(VerdictCode::ASignificantlyBetter), "a_better");
    EXPECT_EQ(verdict_code_name(VerdictCode::BSignificantlyBetter), "b_better");
    EXPECT_EQ(verdict_code_name(VerdictCode::NotEnoughData), "not_enough_data");
}
