#include <charconv>
#include <cmath>
#include <string>

#include "resdense/stats.h"

namespace resdense {
namespace {

// std::to_chars ignores the C locale, which a Qt GUI sets from the user's environment.
std::string format(double value, std::chars_format style, int precision)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, style, precision);
    return std::string(buffer, result.ptr);
}

std::string p_text(double p)
{
    if (p < 1e-4)
        return "p < 0.0001";
    return "p = " + format(p, std::chars_format::general, 2);
}

VerdictCode significance(double p, double difference, double alpha)
{
    if (std::isnan(p))
        return VerdictCode::NotEnoughData;
    if (p >= alpha || difference == 0)
        return VerdictCode::NoSignificantDifference;
    return difference > 0 ? VerdictCode::BSignificantlyBetter : VerdictCode::ASignificantlyBetter;
}

// "B is better by 1.23 points (95 % CI 0.80 to 1.70)": the winner's margin, so for A the
// interval of B - A is mirrored.
std::string better_text(const Verdict& v)
{
    const bool b_better = v.code == VerdictCode::BSignificantlyBetter;
    const double sign = b_better ? 1.0 : -1.0;
    std::string text = std::string(b_better ? "B" : "A") + " is better by " +
                       format(sign * v.difference_points, std::chars_format::fixed, 2) + " points";
    const double low = b_better ? v.low : -v.high, high = b_better ? v.high : -v.low;
    if (!std::isnan(low) && !std::isnan(high))
        text += " (" + format(100.0 * v.level, std::chars_format::general, 3) + " % CI " +
                format(low, std::chars_format::fixed, 2) + " to " +
                format(high, std::chars_format::fixed, 2) + ")";
    return text;
}

} // namespace

Verdict verdict_from(const McNemarResult& m, const Interval& difference, double alpha)
{
    Verdict v{.p_value = m.p_value,
              .difference_points = difference.estimate,
              .low = difference.low,
              .high = difference.high,
              .level = difference.level,
              .alpha = alpha};
    if (m.discordant() > 0)
        v.code = significance(m.p_value, double(m.b_only_correct - m.a_only_correct), alpha);
    return v;
}

Verdict verdict_from(const PairedTTest& t, double alpha)
{
    Verdict v{.p_value = t.p_value,
              .difference_points = t.mean_difference,
              .low = t.low,
              .high = t.high,
              .level = t.level,
              .alpha = alpha};
    if (t.n >= 2)
        v.code = significance(t.p_value, t.mean_difference, alpha);
    return v;
}

std::string verdict_sentence(const Verdict& v)
{
    switch (v.code) {
    case VerdictCode::NoSignificantDifference:
        return "No significant difference: " + p_text(v.p_value);
    case VerdictCode::ASignificantlyBetter:
    case VerdictCode::BSignificantlyBetter: return better_text(v) + ", " + p_text(v.p_value);
    case VerdictCode::NotEnoughData: break;
    }
    return "Not enough data to compare A and B";
}

std::string verdict_code_name(VerdictCode code)
{
    switch (code) {
    case VerdictCode::NoSignificantDifference: return "no_significant_difference";
    case VerdictCode::ASignificantlyBetter: return "a_better";
    case VerdictCode::BSignificantlyBetter: return "b_better";
    case VerdictCode::NotEnoughData: break;
    }
    return "not_enough_data";
}

} // namespace resdense
