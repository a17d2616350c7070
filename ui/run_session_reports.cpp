// The training thread's reports, as the views show them: curves, table, classifiers, progress.
#include <cmath>

#include <QDir>
#include <QFileInfo>

#include "comparison_table.h"
#include "curves_view.h"
#include "resdense/error.h"
#include "run_session.h"
#include "snapshot_classifiers.h"
#include "text_format.h"
#include "training_controller.h"

namespace resdense::ui {

void RunSession::onStarted(const resdense::RunSummary& plan, int firstEpoch)
{
    if (m_resuming) {
        // The engine dropped records after the checkpoint; show what the folder holds now.
        try {
            const resdense::RunRecord record = resdense::read_run(m_runDir.toStdString());
            m_store.load(record, m_slots.cards(), readChecks(m_runDir, record.config));
        } catch (const resdense::Error&) {
        }
        m_views.curves->refreshNow();
    }
    m_views.table->setRunSummary(m_slots.toCards(plan)); // parameter counts; the rest at the end
    m_training = {false, false};
    for (std::size_t i = 0; i < plan.slots.size(); ++i)
        if (plan.slots[i].status == resdense::SlotStatus::Training)
            m_training[static_cast<std::size_t>(m_slots.card(static_cast<int>(i)))] = true;
    Q_EMIT message(tr("Training %1 on %2 threads, %3, from epoch %4")
                       .arg(QDir::toNativeSeparators(m_runDir))
                       .arg(plan.threads)
                       .arg(qs(plan.precision))
                       .arg(firstEpoch + 1),
                   8000);
    Q_EMIT trainingStarted();
}

void RunSession::onBatch(const resdense::BatchMetrics& engine)
{
    const resdense::BatchMetrics m = m_slots.toCard(engine);
    m_store.add(m);
    const double now = m_clock.elapsed() / 1000.0;
    if (!m_progressStarted) {
        m_progressStarted = true;
        const std::int64_t perEpoch = std::max<std::int64_t>(1, m.batches);
        const auto activeSlots = static_cast<std::int64_t>(m_config.slots.size());
        m_progress.start(std::int64_t(m_config.epochs) * perEpoch * activeSlots,
                         (std::int64_t(m.epoch) * perEpoch + m.batch) * activeSlots, now);
    }
    m_progress.advance(now);
    m_views.curves->dataChanged();
    reportProgress();
}

void RunSession::onEpoch(const resdense::EpochMetrics& engine)
{
    m_store.add(m_slots.toCard(engine));
    m_views.table->update(m_store);
    m_views.curves->dataChanged();
    if (!m_runDir.isEmpty())
        Q_EMIT epochRecorded(m_runDir);
}

void RunSession::onCheck(const resdense::ValidationCheck& engine)
{
    m_store.add(m_slots.toCard(engine));
    m_views.curves->dataChanged();
}

void RunSession::onSlotStatus(int index, resdense::SlotStatus status, const QString& reason)
{
    const int card = m_slots.card(index);
    m_training[static_cast<std::size_t>(card)] = status == resdense::SlotStatus::Training;
    const QString text = statusText(status);
    m_views.table->setStatus(card, reason.isEmpty() ? text : text + QStringLiteral(": ") + reason);
    if (status != resdense::SlotStatus::Diverged)
        return;
    // Its remaining batches will not run: the ETA should not wait for them.
    const auto& batches = m_store.batches(card);
    if (!batches.empty()) {
        const auto& last = batches.back();
        m_progress.dropSlot(std::int64_t(m_config.epochs) * last.batches -
                            (std::int64_t(last.epoch) * last.batches + last.batch + 1));
    }
    Q_EMIT message(tr("Model %1 diverged and was stopped: %2. The other model goes on.")
                       .arg(slotLabel(card), reason),
                   15000);
}

void RunSession::onCheckpoint(int index, const QString& path)
{
    const int card = m_slots.card(index);
    m_views.classifiers->loadSnapshot(card, path, m_store.modelName(card));
}

int RunSession::requestSnapshot()
{
    if (m_state != RunState::Training && m_state != RunState::Paused)
        return 0;
    const int count = int(m_training[0]) + int(m_training[1]);
    if (count > 0)
        m_controller->requestSnapshot();
    return count;
}

void RunSession::onFinished(const resdense::RunSummary& summary)
{
    m_summary = m_slots.toCards(summary);
    m_views.table->setRunSummary(m_summary);
    if (summary.completed)
        updateVerdict();
    m_views.table->update(m_store);
    m_views.curves->refreshNow();
    Q_EMIT runShown(m_runDir);
    if (summary.completed)
        Q_EMIT progressChanged(tr("Done in %1").arg(formatDuration(summary.wall_seconds)), 1.0);
}

void RunSession::onFailed(const QString& why)
{
    m_failed = true;
    m_views.curves->refreshNow();
    Q_EMIT error(tr("Training failed"), why);
}

void RunSession::onStoppedRunning()
{
    m_training = {false, false};
    m_views.classifiers->releaseExpected(); // no snapshot asked for now will come
    if (m_repeat && m_summary && m_summary->completed && !m_stopForGood) {
        loadFinishedRepeats();
        const int next = m_repeat->nextIndex();
        if (next >= 0 && startRepeat(next))
            return;
        updateVerdict(); // the statistics across every seed
    }
    if (m_failed && !m_summary)
        setState(RunState::Failed);
    else if (m_summary && m_summary->completed)
        setState(RunState::Finished);
    else
        setState(RunState::Stopped);
    if (m_state == RunState::Stopped)
        Q_EMIT message(tr("Stopped. The run can be resumed: Training → Resume run."), 10000);
    Q_EMIT stoppedRunning();
}

void RunSession::reportProgress()
{
    QStringList parts;
    QList<const resdense::BatchMetrics*> last;
    for (int s = 0; s < 2; ++s)
        if (!m_store.batches(s).empty())
            last << &m_store.batches(s).back();
    if (!last.isEmpty()) {
        const auto* m = last.front();
        parts << tr("Epoch %1/%2").arg(m->epoch + 1).arg(m_config.epochs)
              << tr("batch %1/%2").arg(m->batch + 1).arg(m->batches);
        for (const auto* b : last)
            parts << tr("%1: %2 img/s")
                         .arg(slotLabel(b->slot), formatCount(std::llround(b->images_per_second)));
    }
    const double left = m_progress.secondsLeft();
    parts << (left >= 0 ? tr("ETA %1").arg(formatDuration(left)) : tr("ETA …"));
    Q_EMIT progressChanged(parts.join(QStringLiteral(" · ")), m_progress.fraction());
}

} // namespace resdense::ui
