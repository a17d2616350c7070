#pragma once

#include <cstdint>

namespace resdense::ui {

// Progress and time left of a run, from the batches trained so far in this session. Batches of
// both slots count; the rate is measured since the session started (or resumed), so a resumed
// run's ETA is not skewed by the earlier session.
class ProgressEstimate {
public:
    // total: batch steps of the whole run (epochs x batches per epoch x slots);
    // done: steps already done before this session (resume).
    void start(std::int64_t total, std::int64_t done, double now_seconds);
    void advance(double now_seconds, std::int64_t steps = 1);
    void dropSlot(std::int64_t steps_left_of_it); // a slot diverged: its remaining work is gone

    std::int64_t done() const { return m_done; }
    std::int64_t total() const { return m_total; }
    double fraction() const; // in [0, 1]
    // Seconds left, or a negative number while there is too little to go on.
    double secondsLeft() const;

private:
    std::int64_t m_total = 0, m_done = 0, m_done_at_start = 0;
    double m_start = 0.0, m_now = 0.0;
};

} // namespace resdense::ui
