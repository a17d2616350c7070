#include "cli/progress_sink.h"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "cli/format.h"

namespace resdense::cli {
namespace {

std::atomic<int> g_interrupts{0};

extern "C" void on_interrupt(int)
{
    if (g_interrupts.fetch_add(1) >= 1) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}

std::string clock_text(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return "--:--";
    const auto s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
    return buf;
}

std::string pct(double v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
    return std::isfinite(v) ? buf : "-";
}

} // namespace

ProgressSink::ProgressSink(int epochs) : m_epochs(epochs), m_tty(::isatty(STDOUT_FILENO) != 0)
{
}

void ProgressSink::install_interrupt_handler()
{
    std::signal(SIGINT, on_interrupt);
}

void ProgressSink::on_start(const RunSummary& plan, int first_epoch)
{
    m_names.clear();
    for (const auto& s : plan.slots) {
        m_names.push_back(s.name + " " + s.model);
        std::cout << "model " << s.name << ": " << s.description << ", " << grouped(s.parameters)
                  << " parameters\n";
    }
    m_loss.assign(m_names.size(), NAN);
    m_acc.assign(m_names.size(), NAN);
    m_speed.assign(m_names.size(), 0);
    std::cout << "precision " << plan.precision << ", " << plan.threads << " threads"
              << (plan.run_dir.empty() ? "" : ", run folder " + plan.run_dir)
              << (first_epoch > 0 ? ", resuming at epoch " + std::to_string(first_epoch + 1) : "")
              << std::endl;
    m_start = m_last_draw = std::chrono::steady_clock::now();
    m_epoch = first_epoch;
}

void ProgressSink::on_batch(const BatchMetrics& m)
{
    const auto i = static_cast<std::size_t>(m.slot);
    // Smoothed for display; metrics.jsonl keeps every raw value.
    m_loss[i] = std::isfinite(m_loss[i]) ? 0.9 * m_loss[i] + 0.1 * m.loss : m.loss;
    m_acc[i] = std::isfinite(m_acc[i]) ? 0.9 * m_acc[i] + 0.1 * m.accuracy : m.accuracy;
    m_speed[i] = m.images_per_second;
    m_epoch = m.epoch;
    m_batch = m.batch + 1;
    m_batches = m.batches;
    if (m_steps_total == 0) {
        m_first_step = m.step;
        m_steps_total = m.batches * m_epochs;
    }
    m_steps_done = m.step + 1;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last_draw > std::chrono::milliseconds(m_tty ? 200 : 10000)) {
        m_last_draw = now;
        draw(false);
    }
}

void ProgressSink::draw(bool final_line)
{
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const double done = static_cast<double>(m_steps_done - m_first_step);
    const double eta =
        done > 0 ? elapsed / done * static_cast<double>(m_steps_total - m_steps_done) : NAN;
    const double fraction =
        m_steps_total > 0 ? static_cast<double>(m_steps_done) / static_cast<double>(m_steps_total)
                          : 0;
    std::ostringstream line;
    if (m_tty) {
        const int width = 20, filled = static_cast<int>(fraction * width);
        line << '[' << std::string(static_cast<std::size_t>(filled), '#')
             << std::string(static_cast<std::size_t>(width - filled), '.') << "] ";
    }
    line << "epoch " << m_epoch + 1 << "/" << m_epochs << " batch " << m_batch << "/" << m_batches;
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        char buf[96];
        std::snprintf(buf, sizeof buf, " | %s loss %.4f acc %s %.0f img/s", m_names[i].c_str(),
                      m_loss[i], pct(m_acc[i]).c_str(), m_speed[i]);
        line << buf;
    }
    line << " | " << clock_text(elapsed) << " ETA " << clock_text(eta);
    if (m_tty)
        std::cout << "\r\033[K" << line.str() << (final_line ? "\n" : "") << std::flush;
    else
        std::cout << line.str() << std::endl;
}

void ProgressSink::on_epoch(const EpochMetrics& m)
{
    if (m_tty)
        std::cout << "\r\033[K";
    // Without a validation split the best epoch is the one with the best training accuracy.
    const bool validated = std::isfinite(m.val_loss);
    m_validated = validated;
    std::cout << "epoch " << m.epoch + 1 << "/" << m_epochs << " "
              << m_names[static_cast<std::size_t>(m.slot)] << ": train loss " << m.train_loss
              << " acc " << pct(m.train_accuracy) << ", ";
    if (validated)
        std::cout << "val loss " << m.val_loss << " acc " << pct(m.val_accuracy);
    else
        std::cout << "no validation split";
    std::cout << ", " << std::lround(m.images_per_second) << " img/s, "
              << clock_text(m.epoch_seconds) << (m.best ? " (best)" : "") << std::endl;
}

void ProgressSink::on_validation_check(const ValidationCheck& c)
{
    std::cout << (m_tty ? "\r\033[K" : "") << "epoch " << c.epoch + 1 << "/" << m_epochs
              << ", batch " << c.batch + 1 << "/" << c.batches << " "
              << m_names[static_cast<std::size_t>(c.slot)] << ": val loss " << c.val_loss << " acc "
              << pct(c.val_accuracy) << " (check on " << c.images << " images)" << std::endl;
}

void ProgressSink::on_message(const std::string& text)
{
    std::cout << (m_tty ? "\r\033[K" : "") << text << std::endl;
}

void ProgressSink::on_slot_status(int slot, SlotStatus status, const std::string& reason)
{
    if (status == SlotStatus::Finished)
        return;
    if (m_tty)
        std::cout << "\r\033[K";
    std::cout << "model " << m_names[static_cast<std::size_t>(slot)] << " " << status_name(status)
              << (reason.empty() ? "" : ": " + reason) << std::endl;
}

void ProgressSink::on_finish(const RunSummary& s)
{
    if (m_tty)
        std::cout << "\r\033[K";
    for (const auto& slot : s.slots)
        std::cout << slot.name << " " << slot.model << ": " << status_name(slot.status)
                  << (m_validated ? ", best val acc " + pct(slot.best_val_accuracy) + " (epoch "
                                  : std::string(", no validation split, best train acc at epoch "))
                  << slot.best_epoch + 1 << (m_validated ? ")" : "") << ", test acc "
                  << pct(slot.test_accuracy) << ", " << std::lround(slot.images_per_second)
                  << " img/s, " << clock_text(slot.train_seconds) << " training" << std::endl;
    if (!s.completed && !s.run_dir.empty())
        std::cout << "stopped; continue with: resdense resume " << s.run_dir << std::endl;
}

Command ProgressSink::poll()
{
    if (g_interrupts.load() == 0)
        return Command::Continue;
    if (!m_stop_announced) {
        m_stop_announced = true;
        std::cout << (m_tty ? "\r\033[K" : "") << "stopping after this batch (Ctrl-C again to kill)"
                  << std::endl;
    }
    return Command::Stop;
}

} // namespace resdense::cli
