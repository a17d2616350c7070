#include "progress_estimate.h"

#include <algorithm>

namespace resdense::ui {

void ProgressEstimate::start(std::int64_t total, std::int64_t done, double now_seconds)
{
    m_total = std::max<std::int64_t>(0, total);
    m_done = m_done_at_start = std::clamp<std::int64_t>(done, 0, m_total);
    m_start = m_now = now_seconds;
}

void ProgressEstimate::advance(double now_seconds, std::int64_t steps)
{
    m_done = std::min(m_total, m_done + steps);
    m_now = now_seconds;
}

void ProgressEstimate::dropSlot(std::int64_t steps_left_of_it)
{
    m_total = std::max(m_done, m_total - steps_left_of_it);
}

double ProgressEstimate::fraction() const
{
    return m_total > 0 ? static_cast<double>(m_done) / static_cast<double>(m_total) : 0.0;
}

double ProgressEstimate::secondsLeft() const
{
    const auto steps = m_done - m_done_at_start;
    const double elapsed = m_now - m_start;
    if (steps < 3 || elapsed <= 0.0)
        return -1.0;
    return static_cast<double>(m_total - m_done) * elapsed / static_cast<double>(steps);
}

} // namespace resdense::ui
