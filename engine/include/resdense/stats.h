#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense {

// Statistics for comparing two classifiers, A and B. Plain C++: no torch, no Qt, so the GUI and
// the CLI can call it on results read back from run folders. Bad input (empty or mismatched
// vectors, a level outside (0, 1)) throws std::invalid_argument.

// Paired correctness of two models on the same test images, in the test set's order.
struct McNemarResult {
    std::int64_t both_correct = 0, a_only_correct = 0, b_only_correct = 0, both_wrong = 0;
    // Exact two-sided: binomial test of a_only_correct among the discordant pairs, p = 0.5, as
    // scipy.stats.binomtest(k, n, 0.5).pvalue = min(1, 2 P(X <= min(k, n - k))). 1 when there are
    // no discordant pairs. Relative error about 2e-10 at 1e5 discordant pairs (lgamma's rounding).
    double p_value = 1.0;

    std::int64_t discordant() const { return a_only_correct + b_only_correct; }
};
McNemarResult mcnemar_exact(const std::vector<bool>& a_correct, const std::vector<bool>& b_correct);
// The same p from the two discordant counts alone (a run record that kept only the counts).
double mcnemar_exact_p(std::int64_t a_only_correct, std::int64_t b_only_correct);

struct Interval {
    double estimate = 0, low = 0, high = 0;
    double level = 0.95;
};
// Accuracy of B minus accuracy of A, in percentage points, with a paired-bootstrap percentile
// interval: each resample draws n image indices with replacement and recomputes both accuracies
// on them; the interval is the (1 - level) / 2 and (1 + level) / 2 percentiles of the differences
// (numpy.percentile's linear interpolation). The random stream (std::mt19937_64 seeded with
// `seed`, each 64-bit output split into two 32-bit draws, Lemire's unbiased multiply-shift) is the
// same on every platform, so a seed reproduces an interval exactly. At most 2^32 - 1 images.
Interval paired_bootstrap_difference(const std::vector<bool>& a_correct,
                                     const std::vector<bool>& b_correct, int resamples = 10000,
                                     std::uint64_t seed = 0, double level = 0.95);

// A sample of one metric over several runs (seeds): mean, sample standard deviation (n - 1), and
// the two-sided Student-t confidence interval for the mean. n == 1: std, low and high are NaN.
struct SampleSummary {
    int n = 0;
    double mean = 0, std = 0, low = 0, high = 0;
};
SampleSummary summarize_sample(const std::vector<double>& values, double level = 0.95);

// Paired t-test across seeds on the differences b[i] - a[i] (a[i] and b[i] share seed i), as
// scipy.stats.ttest_rel(b, a). Undefined cases, chosen deliberately:
//  - all differences exactly 0 (any n >= 1): t = 0, p = 1, interval [0, 0];
//  - n == 1 otherwise: t, p, low and high are NaN;
//  - n >= 2 with zero variance but a nonzero mean: t = +-inf, p = NaN (the t-test cannot weigh a
//    difference that never varies), interval [mean, mean].
// A NaN p gives VerdictCode::NotEnoughData.
struct PairedTTest {
    int n = 0;
    double mean_difference = 0, t = 0, p_value = 1, low = 0, high = 0;
    double level = 0.95;
};
PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b,
                          double level = 0.95);

// Student's t distribution for any dof > 0 (+inf gives the normal distribution). Relative error
// below 1e-14 up to dof 1000, 1e-12 up to 1e5, then growing with dof (3e-10 at 1e7). Values of |t|
// past about 1e150, reached only by quantiles of p < 1e-150 at dof <= 2, are not accurate. dof <= 0
// or NaN arguments give NaN; quantile(0) = -inf and quantile(1) = inf.
double student_t_cdf(double t, double dof);
double student_t_quantile(double p, double dof);

// The sentence a comparison ends with, as a value the GUI can translate: a code plus its numbers.
enum class VerdictCode {
    NoSignificantDifference, // p >= alpha
    ASignificantlyBetter,
    BSignificantlyBetter,
    NotEnoughData, // no discordant pairs / fewer than 2 seeds / p undefined
};
struct Verdict {
    VerdictCode code = VerdictCode::NotEnoughData;
    double p_value = 1.0;
    double difference_points = 0.0; // B - A, percentage points
    double low = 0.0, high = 0.0;   // interval of B - A, percentage points; NaN when unknown
    double level = 0.95;
    double alpha = 0.05;
};
// `difference` is paired_bootstrap_difference on the same vectors as `m`; the direction of a
// significant verdict follows the discordant counts.
Verdict verdict_from(const McNemarResult& m, const Interval& difference, double alpha = 0.05);
// For per-seed accuracies in percent, so that difference_points is in points.
Verdict verdict_from(const PairedTTest& t, double alpha = 0.05);
// English sentence, e.g. "No significant difference: p = 0.41" or
// "B is better by 1.23 points (95 % CI 0.80 to 1.70), p = 0.0003" (p with 2 significant digits,
// "p < 0.0001" below that). Numbers always use '.', whatever the C locale the GUI has set. The
// GUI words the same Verdict in other languages itself.
std::string verdict_sentence(const Verdict& v);
// Stable identifiers for files and logs: "no_significant_difference", "a_better", "b_better",
// "not_enough_data".
std::string verdict_code_name(VerdictCode code);

} // namespace resdense
