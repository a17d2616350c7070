#include "training_controller.h"

#include <optional>

#include "resdense/error.h"
#include "resdense/trainer.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

// The trainer's sink on the training thread: turns each report into a signal of the controller
// (queued to the GUI thread, because the controller lives there).
class SignalSink : public resdense::TrainSink {
public:
    SignalSink(TrainingController& c, std::atomic<bool>& pause, std::atomic<bool>& stop,
               std::atomic<bool>& snapshot)
        : m_c(c), m_pause(pause), m_stop(stop), m_snapshot(snapshot)
    {
    }
    void on_start(const RunSummary& plan, int first_epoch) override
    {
        Q_EMIT m_c.started(plan, first_epoch);
    }
    void on_batch(const BatchMetrics& m) override { Q_EMIT m_c.batchDone(m); }
    void on_epoch(const EpochMetrics& m) override { Q_EMIT m_c.epochDone(m); }
    void on_validation_check(const ValidationCheck& c) override { Q_EMIT m_c.validationChecked(c); }
    void on_slot_status(int slot, SlotStatus s, const std::string& reason) override
    {
        Q_EMIT m_c.slotStatusChanged(slot, s, qs(reason));
    }
    void on_message(const std::string& text) override { Q_EMIT m_c.message(qs(text)); }
    void on_checkpoint(int slot, const std::string& path) override
    {
        Q_EMIT m_c.checkpointWritten(slot, qs(path));
    }
    void on_finish(const RunSummary& s) override { Q_EMIT m_c.finished(s); }
    Command poll() override
    {
        if (m_stop.load())
            return Command::Stop;
        return m_pause.load() ? Command::Pause : Command::Continue;
    }
    bool snapshot_wanted() override { return m_snapshot.exchange(false); }

private:
    TrainingController& m_c;
    std::atomic<bool>& m_pause;
    std::atomic<bool>& m_stop;
    std::atomic<bool>& m_snapshot;
};

} // namespace

// Lives on the training thread; run() blocks it for the length of the training.
class TrainingWorker : public QObject {
public:
    explicit TrainingWorker(TrainingController& c) : m_c(c) {}

    void run(std::optional<resdense::RunConfig> config, QString runDir)
    {
        SignalSink sink(m_c, m_c.m_pause, m_c.m_stop, m_c.m_snapshot);
        try {
            if (config)
                resdense::train(*config, runDir.toStdString(), sink);
            else
                resdense::resume(runDir.toStdString(), sink);
        } catch (const resdense::Error& e) {
            Q_EMIT m_c.failed(qs(e.what()));
        } catch (const std::exception& e) {
            Q_EMIT m_c.failed(TrainingController::tr("Training failed: %1").arg(qs(e.what())));
        }
        Q_EMIT m_c.stoppedRunning();
    }

private:
    TrainingController& m_c;
};

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    registerMetricTypes();
    m_thread.setObjectName(QStringLiteral("training"));
    m_worker = new TrainingWorker(*this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Runs on the GUI thread (queued from the worker): only now may a new run start.
    connect(this, &TrainingController::stoppedRunning, this, [this] {
        m_running = false;
        m_pause = false;
    });
    m_thread.start();
}

TrainingController::~TrainingController()
{
    m_stop = true;
    m_pause = false;
    m_thread.quit();
    m_thread.wait();
}

void TrainingController::start(const resdense::RunConfig& config, const QString& runDir)
{
    launch(&config, runDir);
}

void TrainingController::resume(const QString& runDir)
{
    launch(nullptr, runDir);
}

void TrainingController::launch(const resdense::RunConfig* config, const QString& runDir)
{
    if (m_running)
        return;
    m_running = true;
    m_pause = false;
    m_stop = false;
    m_snapshot = false;
    std::optional<resdense::RunConfig> copy;
    if (config)
        copy = *config;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, copy, runDir] { w->run(copy, runDir); }, Qt::QueuedConnection);
}

void TrainingController::setPaused(bool paused)
{
    m_pause = paused;
}

void TrainingController::requestSnapshot()
{
    m_snapshot = true;
}

void TrainingController::stop()
{
    m_stop = true;
    m_pause = false;
}

} // namespace resdense::ui
