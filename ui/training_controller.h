#pragma once

#include <atomic>

#include <QObject>
#include <QString>
#include <QThread>

#include "metric_types.h"

namespace resdense::ui {

class TrainingWorker;

// Runs the engine's trainer on a thread of its own and reports through queued signals carrying
// copies of the engine's value types. Lives on the GUI thread; the worker it owns lives on the
// training thread. Pause and stop are atomics the trainer reads at each batch boundary.
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

private:
    friend class TrainingWorker;
    void launch(const resdense::RunConfig* config, const QString& runDir);

    QThread m_thread;
    TrainingWorker* m_worker = nullptr;
    std::atomic<bool> m_pause{false}, m_stop{false}, m_snapshot{false};
    bool m_running = false;
};

} // namespace resdense::ui
