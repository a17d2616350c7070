#include "event_loop_probe.h"

#include <algorithm>
#include <cmath>

namespace resdense::ui {

namespace {
constexpr int kIntervalMs = 10;
constexpr std::size_t kMaxSamples = 1 << 20; // about three hours at 100 Hz
} // namespace

EventLoopProbe::EventLoopProbe(QObject* parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::tick);
}

void EventLoopProbe::start()
{
    m_clock.start();
    m_last_ns = -1;
    m_timer.start();
}

void EventLoopProbe::stop()
{
    m_timer.stop();
}

void EventLoopProbe::reset()
{
    m_late_ms.clear();
    m_last_ns = -1;
}

void EventLoopProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_last_ns >= 0 && m_late_ms.size() < kMaxSamples)
        m_late_ms.push_back(
            std::max(0.0, static_cast<double>(now - m_last_ns) / 1e6 - kIntervalMs));
    m_last_ns = now;
}

double EventLoopProbe::percentileMs(double p) const
{
    if (m_late_ms.empty())
        return 0.0;
    std::vector<double> sorted = m_late_ms;
    const auto k = static_cast<std::size_t>(
        std::clamp(std::ceil(p / 100.0 * static_cast<double>(sorted.size())) - 1.0, 0.0,
                   static_cast<double>(sorted.size() - 1)));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
    return sorted[k];
}

double EventLoopProbe::maxMs() const
{
    return m_late_ms.empty() ? 0.0 : *std::max_element(m_late_ms.begin(), m_late_ms.end());
}

} // namespace resdense::ui
