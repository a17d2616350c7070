#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <QObject>
#include <QString>

#include "metric_types.h"

namespace resdense::ui {

// Runs the engine's trainer on a thread of its own and reports through signals emitted on the GUI
// thread, carrying copies of the engine's value types. Lives on the GUI thread.
//
// Every hand-over between the two threads goes through this class's own std::mutex, where
// ThreadSanitizer sees it (tools/tsan.sh runs controller_tests under TSan): a run to start goes to
// the training thread's queue; each report of the trainer becomes a closure in the report queue,
// and one argument-free queued call (by name, so that Qt alone touches the event) wakes the GUI
// thread to emit them. Pause, stop and snapshot are atomics the trainer reads at batch boundaries.
// Failures (a bad dataset, a full disk) arrive as failed(message), never as a dialog.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    // Asks a running training to stop, then waits for the thread (the trainer finishes its
    // current batch and writes a resumable checkpoint).
    ~TrainingController() override;

    void start(const resdense::RunConfig& config, const QString& runDir);
    void resume(const QString& runDir);
    void setPaused(bool paused);
    void stop();
    // Asks for each training model's weights as they are now: checkpointWritten reports a
    // models/<slot>-snapshot.pt for each at the next batch boundary (or at once when paused).
    void requestSnapshot();

    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void started(const resdense::RunSummary& plan, int firstEpoch);
    void batchDone(const resdense::BatchMetrics& metrics);
    void epochDone(const resdense::EpochMetrics& metrics);
    void validationChecked(const resdense::ValidationCheck& check);
    void slotStatusChanged(int slot, resdense::SlotStatus status, const QString& reason);
    void message(const QString& text);
    void checkpointWritten(int slot, const QString& path);
    void finished(const resdense::RunSummary& summary);
    void failed(const QString& error);
    // After finished or failed: the thread is idle again.
    void stoppedRunning();

private Q_SLOTS:
    // GUI thread: emits the reports the training thread queued, in order.
    void deliverReports();

private:
    friend class SignalSink;
    using Report = std::function<void(TrainingController&)>;
    struct Job {
        std::optional<resdense::RunConfig> config; // absent: resume runDir
        QString runDir;
    };
    void launch(const resdense::RunConfig* config, const QString& runDir);
    void trainingThread();      // waits for jobs until m_quit
    void run(const Job& job);   // one training, on the training thread
    void report(Report report); // from the training thread

    std::mutex m_mutex;                 // guards the three members below
    std::condition_variable m_jobReady; // a job or quit
    std::optional<Job> m_job;
    bool m_quit = false;
    std::vector<Report> m_reports;
    std::atomic<bool> m_pause{false}, m_stop{false}, m_snapshot{false};
    bool m_running = false; // GUI thread only
    std::thread m_thread;   // last: starts once the members above exist
};

} // namespace resdense::ui
