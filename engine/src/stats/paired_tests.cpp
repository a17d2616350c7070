#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "resdense/stats.h"
#include "stats/student_t.h"

namespace resdense {
namespace {

// P(X <= m) for X ~ Binomial(n, 1/2) and m <= n / 2. The terms are scaled by the last one,
// pmf(m), whose logarithm comes from lgamma: the sum of ratios pmf(i) / pmf(m) <= 1 neither
// overflows nor underflows, and pmf(m) itself is only exponentiated once, for n up to 1e5 and
// beyond.
double binomial_half_lower_tail(std::int64_t m, std::int64_t n)
{
    const double log_pmf_m = std::lgamma(double(n) + 1.0) - std::lgamma(double(m) + 1.0) -
                             std::lgamma(double(n - m) + 1.0) - double(n) * std::log(2.0);
    double term = 1.0, sum = 1.0;
    // pmf(i - 1) / pmf(i) = i / (n - i + 1); the terms shrink at least geometrically once i is
    // away from n / 2, so stop when they no longer change the sum.
    for (std::int64_t i = m; i > 0 && term > 1e-17 * sum; --i) {
        term *= double(i) / double(n - i + 1);
        sum += term;
    }
    return std::exp(log_pmf_m + std::log(sum));
}

void require_same_nonempty_size(std::size_t a, std::size_t b, const char* what)
{
    if (a != b)
        throw std::invalid_argument(std::string(what) + ": the two samples differ in size (" +
                                    std::to_string(a) + " vs " + std::to_string(b) + ")");
    if (a == 0)
        throw std::invalid_argument(std::string(what) + ": the samples are empty");
}

} // namespace

double mcnemar_exact_p(std::int64_t a_only_correct, std::int64_t b_only_correct)
{
    if (a_only_correct < 0 || b_only_correct < 0)
        throw std::invalid_argument("mcnemar_exact_p: negative count");
    const std::int64_t n = a_only_correct + b_only_correct;
    if (n == 0)
        return 1.0;
    const std::int64_t m = std::min(a_only_correct, b_only_correct);
    return std::min(1.0, 2.0 * binomial_half_lower_tail(m, n));
}

McNemarResult mcnemar_exact(const std::vector<bool>& a_correct, const std::vector<bool>& b_correct)
{
    require_same_nonempty_size(a_correct.size(), b_correct.size(), "mcnemar_exact");
    McNemarResult r;
    for (std::size_t i = 0; i < a_correct.size(); ++i) {
        if (a_correct[i])
            ++(b_correct[i] ? r.both_correct : r.a_only_correct);
        else
            ++(b_correct[i] ? r.b_only_correct : r.both_wrong);
    }
    r.p_value = mcnemar_exact_p(r.a_only_correct, r.b_only_correct);
    return r;
}

PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double level)
{
    require_same_nonempty_size(a.size(), b.size(), "paired_t_test");
    std::vector<double> differences(a.size());
    bool all_zero = true;
    for (std::size_t i = 0; i < a.size(); ++i) {
        differences[i] = b[i] - a[i];
        all_zero = all_zero && differences[i] == 0;
    }
    const SampleSummary s = summarize_sample(differences, level);
    PairedTTest r{s.n, s.mean, 0.0, 1.0, 0.0, 0.0, level};
    if (all_zero)
        return r;
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    r.low = s.low;
    r.high = s.high;
    if (s.n < 2) {
        r.t = r.p_value = nan;
        return r;
    }
    r.t = s.mean / (s.std / std::sqrt(double(s.n)));
    r.p_value = s.std == 0 ? nan : stats_detail::student_t_two_sided_p(r.t, s.n - 1.0);
    return r;
}

} // namespace resdense
