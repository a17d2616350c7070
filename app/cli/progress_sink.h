#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "resdense/metrics.h"

namespace resdense::cli {

// Reports training on the terminal: a progress line with ETA redrawn in place on a TTY, plain
// lines (one per epoch and every few seconds) otherwise. Stops at the next batch after Ctrl-C.
class ProgressSink : public TrainSink {
public:
    explicit ProgressSink(int epochs);
    void on_start(const RunSummary& plan, int first_epoch) override;
    void on_batch(const BatchMetrics& m) override;
    void on_epoch(const EpochMetrics& m) override;
    void on_validation_check(const ValidationCheck& c) override;
    void on_slot_status(int slot, SlotStatus status, const std::string& reason) override;
    void on_message(const std::string& text) override;
    void on_finish(const RunSummary& summary) override;
    Command poll() override;

    // Installs the Ctrl-C handler: the first press asks for a clean stop, the second kills.
    static void install_interrupt_handler();

private:
    void draw(bool final_line);

    int m_epochs;
    bool m_tty;
    std::vector<std::string> m_names;
    bool m_validated = true; // the last epoch had a validation split
    std::vector<double> m_loss, m_acc, m_speed;
    int m_epoch = 0;
    std::int64_t m_batch = 0, m_batches = 0, m_steps_done = 0, m_steps_total = 0, m_first_step = 0;
    std::chrono::steady_clock::time_point m_start, m_last_draw;
    bool m_stop_announced = false;
};

} // namespace resdense::cli
