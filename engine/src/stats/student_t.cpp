#include "stats/student_t.h"

#include <cmath>
#include <limits>
#include <numbers>

#include "resdense/stats.h"

// Student's t through the regularized incomplete beta function:
// P(T > t) = I_x(dof / 2, 1 / 2) / 2 with x = dof / (dof + t^2), for t >= 0.

namespace resdense {
namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_value = std::numeric_limits<double>::infinity();

// lgamma(x) - lgamma(x + s) for x >= 50 by Stirling's series: subtracting two lgamma values near
// x log x would lose digits as dof grows.
double lgamma_difference_large(double x, double s)
{
    const auto series = [](double z) {
        const double z2 = z * z;
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * z2)) / z2) / z2) / z;
    };
    return -s * std::log(x) - (x + s - 0.5) * std::log1p(s / x) + s + series(x) - series(x + s);
}

double log_beta(double a, double b)
{
    const double small = std::fmin(a, b), large = std::fmax(a, b);
    if (large < 50)
        return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    return std::lgamma(small) + lgamma_difference_large(large, small);
}

// Continued fraction of I_x(a, b) (modified Lentz); converges fast for x < (a + 1) / (a + b + 2).
// Its first denominator, 1 - (a + b) x / (a + 1), equals (1 - b + (a + b) y) / (a + 1): a sum of
// positive terms when b < 1, where the subtraction would cancel most digits for large a.
double beta_continued_fraction(double a, double b, double x, double y)
{
    constexpr double tiny = 1e-300;
    const auto clamp = [](double v) { return std::fabs(v) < tiny ? tiny : v; };
    double c = 1.0;
    const double first =
        b < 1 ? (1.0 - b + (a + b) * y) / (a + 1.0) : 1.0 - (a + b) * x / (a + 1.0);
    double d = 1.0 / clamp(first);
    double h = d;
    for (int m = 1; m < 1'000'000; ++m) {
        const double m2 = 2.0 * m;
        const double even = m * (b - m) * x / ((a - 1.0 + m2) * (a + m2));
        d = 1.0 / clamp(1.0 + even * d);
        c = clamp(1.0 + even / c);
        h *= d * c;
        const double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2));
        d = 1.0 / clamp(1.0 + odd * d);
        c = clamp(1.0 + odd / c);
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1.0) <= std::numeric_limits<double>::epsilon())
            break;
    }
    return h;
}

// I_x(a, b), given both x and y = 1 - x so that neither loses digits by subtraction.
double incomplete_beta(double a, double b, double x, double y)
{
    if (x <= 0)
        return 0.0;
    if (y <= 0)
        return 1.0;
    const double log_x = x < 0.5 ? std::log(x) : std::log1p(-y);
    const double log_y = y < 0.5 ? std::log(y) : std::log1p(-x);
    const double front = std::exp(a * log_x + b * log_y - log_beta(a, b));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_continued_fraction(a, b, x, y) / a;
    return 1.0 - front * beta_continued_fraction(b, a, y, x) / b;
}

double student_t_pdf(double t, double dof)
{
    if (std::isinf(dof))
        return std::exp(-0.5 * t * t) / std::sqrt(2.0 * std::numbers::pi);
    return std::exp(-0.5 * (dof + 1.0) * std::log1p(t * t / dof) - 0.5 * std::log(dof) -
                    log_beta(0.5 * dof, 0.5));
}

// The t >= 0 with P(T > t) = q, for q in (0, 0.5): Newton's method kept inside a shrinking
// bracket, falling back to bisection whenever a step would leave it.
double upper_quantile(double q, double dof)
{
    double lo = 0.0, hi = 1.0;
    while (stats_detail::student_t_upper_tail(hi, dof) > q) {
        lo = hi;
        hi *= 2.0;
        if (std::isinf(hi))
            return hi;
    }
    double t = 0.5 * (lo + hi);
    for (int i = 0; i < 400; ++i) {
        const double f = stats_detail::student_t_upper_tail(t, dof) - q;
        if (f == 0)
            return t;
        (f > 0 ? lo : hi) = t;
        double next = t + f / student_t_pdf(t, dof);
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (std::fabs(next - t) <= 1e-15 * t)
            return next;
        t = next;
    }
    return t;
}

} // namespace

double stats_detail::student_t_upper_tail(double t, double dof)
{
    if (std::isnan(t) || std::isnan(dof) || dof <= 0)
        return nan_value;
    if (t < 0)
        return 1.0 - student_t_upper_tail(-t, dof);
    if (std::isinf(dof))
        return 0.5 * std::erfc(t / std::sqrt(2.0));
    if (std::isinf(t))
        return 0.0;
    if (t < 1) {
        const double t2 = t * t;
        return 0.5 * incomplete_beta(0.5 * dof, 0.5, dof / (dof + t2), t2 / (dof + t2));
    }
    const double r = dof / t; // x = dof / (dof + t^2) without t^2, which overflows past 1e154
    return 0.5 * incomplete_beta(0.5 * dof, 0.5, r / (r + t), t / (r + t));
}

double student_t_cdf(double t, double dof)
{
    if (t > 0)
        return 1.0 - stats_detail::student_t_upper_tail(t, dof);
    return stats_detail::student_t_upper_tail(-t, dof);
}

double student_t_quantile(double p, double dof)
{
    if (std::isnan(p) || std::isnan(dof) || dof <= 0 || p < 0 || p > 1)
        return nan_value;
    if (p == 0 || p == 1)
        return p == 0 ? -inf_value : inf_value;
    if (p == 0.5)
        return 0.0;
    const double t = upper_quantile(p < 0.5 ? p : 1.0 - p, dof);
    return p < 0.5 ? -t : t;
}

} // namespace resdense
