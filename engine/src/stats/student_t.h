#pragma once

namespace resdense::stats_detail {

// P(T > t): computed directly, not as 1 - cdf, so small two-sided p-values keep their digits.
double student_t_upper_tail(double t, double dof);

// Two-sided p of a t statistic; NaN stays NaN.
inline double student_t_two_sided_p(double t, double dof)
{
    const double tail = student_t_upper_tail(t < 0 ? -t : t, dof);
    return tail != tail ? tail : 2.0 * tail;
}

} // namespace resdense::stats_detail
