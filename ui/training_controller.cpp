#include "training_controller.h"

#include <utility>

#ifdef __linux__
#include <pthread.h>
#endif

#include "resdense/error.h"
#include "resdense/trainer.h"
#include "text_format.h"

namespace resdense::ui {

// The trainer's sink on the training thread: turns each report into a closure queued for the GUI
// thread, holding copies of the engine's values.
class SignalSink : public resdense::TrainSink {
public:
    explicit SignalSink(TrainingController& c) : m_c(c) {}
    void on_start(const RunSummary& plan, int first_epoch) override
    {
        m_c.report(
            [plan, first_epoch](TrainingController& c) { Q_EMIT c.started(plan, first_epoch); });
    }
    void on_batch(const BatchMetrics& m) override
    {
        m_c.report([m](TrainingController& c) { Q_EMIT c.batchDone(m); });
    }
    void on_epoch(const EpochMetrics& m) override
    {
        m_c.report([m](TrainingController& c) { Q_EMIT c.epochDone(m); });
    }
    void on_validation_check(const ValidationCheck& check) override
    {
        m_c.report([check](TrainingController& c) { Q_EMIT c.validationChecked(check); });
    }
    void on_slot_status(int slot, SlotStatus s, const std::string& reason) override
    {
        m_c.report([slot, s, why = qs(reason)](TrainingController& c) {
            Q_EMIT c.slotStatusChanged(slot, s, why);
        });
    }
    void on_message(const std::string& text) override
    {
        m_c.report([t = qs(text)](TrainingController& c) { Q_EMIT c.message(t); });
    }
    void on_checkpoint(int slot, const std::string& path) override
    {
        m_c.report(
            [slot, p = qs(path)](TrainingController& c) { Q_EMIT c.checkpointWritten(slot, p); });
    }
    void on_finish(const RunSummary& s) override
    {
        m_c.report([s](TrainingController& c) { Q_EMIT c.finished(s); });
    }
    Command poll() override
    {
        if (m_c.m_stop.load())
            return Command::Stop;
        return m_c.m_pause.load() ? Command::Pause : Command::Continue;
    }
    bool snapshot_wanted() override { return m_c.m_snapshot.exchange(false); }

private:
    TrainingController& m_c;
};

TrainingController::TrainingController(QObject* parent)
    : QObject(parent), m_thread([this] { trainingThread(); })
{
    registerMetricTypes();
}

TrainingController::~TrainingController()
{
    m_stop = true;
    m_pause = false;
    {
        const std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_jobReady.notify_all();
    m_thread.join();
    // Reports still queued are dropped with the object (and Qt drops the wake-up call).
}

void TrainingController::trainingThread()
{
#ifdef __linux__
    pthread_setname_np(pthread_self(), "training"); // as top and gdb show it
#endif
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_jobReady.wait(lock, [this] { return m_quit || m_job.has_value(); });
            if (m_quit)
                return;
            job = std::move(*m_job);
            m_job.reset();
        }
        run(job);
    }
}

void TrainingController::run(const Job& job)
{
    SignalSink sink(*this);
    QString failure;
    try {
        if (job.config)
            resdense::train(*job.config, job.runDir.toStdString(), sink);
        else
            resdense::resume(job.runDir.toStdString(), sink);
    } catch (const resdense::Error& e) {
        failure = qs(e.what());
    } catch (const std::exception& e) {
        failure = tr("Training failed: %1").arg(qs(e.what()));
    }
    if (!failure.isEmpty())
        report([failure](TrainingController& c) { Q_EMIT c.failed(failure); });
    // Only now may a new run start: the GUI thread learns it after every report above.
    report([](TrainingController& c) {
        c.m_running = false;
        c.m_pause = false;
        Q_EMIT c.stoppedRunning();
    });
}

void TrainingController::report(Report r)
{
    const std::lock_guard lock(m_mutex);
    const bool wake = m_reports.empty(); // else a wake-up is already on its way
    m_reports.push_back(std::move(r));
    // Posted under the lock that deliverReports takes first: Qt allocates the call's event here
    // and frees it on the GUI thread after delivery, and its own queue's lock is invisible to TSan;
    // through this mutex the free is ordered after the allocation where TSan can see it.
    // (Posting only takes Qt's queue lock, never ours: no lock-order cycle.)
    if (wake)
        QMetaObject::invokeMethod(this, "deliverReports", Qt::QueuedConnection);
}

void TrainingController::deliverReports()
{
    std::vector<Report> reports;
    {
        const std::lock_guard lock(m_mutex);
        reports.swap(m_reports);
    }
    for (Report& r : reports)
        r(*this);
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
    Job job;
    if (config)
        job.config = *config;
    job.runDir = runDir;
    {
        const std::lock_guard lock(m_mutex);
        m_job = std::move(job);
    }
    m_jobReady.notify_one();
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
