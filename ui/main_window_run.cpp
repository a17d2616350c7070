// The training side of the main window: starting, resuming and opening runs, and the
// controller's reports.
#include <cmath>
#include <ctime>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "classify_panel.h"
#include "comparison_table.h"
#include "curves_view.h"
#include "experiment_panel.h"
#include "main_window.h"
#include "model_card.h"
#include "resdense/dataset.h"
#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/model_spec.h"
#include "resdense/run_statistics.h"
#include "resdense/trainer.h"
#include "snapshot_classifiers.h"
#include "text_format.h"
#include "training_controller.h"

namespace resdense::ui {

namespace {

struct DatasetResult {
    std::optional<resdense::DatasetInfo> info;
    QString error;
};

struct VerdictResult {
    std::optional<resdense::Verdict> verdict;
    QString detail;                                    // the counts behind it, or why there is none
    std::optional<resdense::StatisticsReport> repeats; // over several seeds
};

VerdictResult verdictOf(const std::vector<std::string>& dirs)
{
    try {
        const auto report = resdense::compare_runs(dirs);
        if (report.runs.size() > 1)
            return {std::nullopt, {}, report};
        const auto& d = report.runs.front();
        return {d.verdict,
                MainWindow::tr("Only A right on %1 test images, only B right on %2; McNemar exact "
                               "p = %3. B − A = %4 points (95 % bootstrap interval %5 to %6).")
                    .arg(d.mcnemar.a_only_correct)
                    .arg(d.mcnemar.b_only_correct)
                    .arg(d.mcnemar.p_value, 0, 'g', 3)
                    .arg(formatNumber(d.difference.estimate, 2), formatNumber(d.difference.low, 2),
                         formatNumber(d.difference.high, 2)),
                std::nullopt};
    } catch (const resdense::Error& e) {
        return {std::nullopt, qs(e.what()), std::nullopt};
    }
}

} // namespace

resdense::RunConfig MainWindow::currentConfig() const
{
    resdense::RunConfig c;
    m_panel->applyTo(c);
    for (ModelCard* card : m_cards)
        if (card->isChecked())
            c.slots.push_back(card->slotConfig());
    return c;
}

void MainWindow::loadDatasetInfo()
{
    const resdense::DatasetOptions options = m_panel->datasetOptions();
    const int generation = ++m_datasetGeneration;
    m_datasetLoading = true;
    auto* watcher = new QFutureWatcher<DatasetResult>(this);
    connect(watcher, &QFutureWatcher<DatasetResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_datasetGeneration)
            return;
        m_datasetLoading = false;
        const DatasetResult r = watcher->result();
        if (!r.info) {
            m_panel->setDatasetInfo(r.error, false);
            updateStartEnabled();
            return;
        }
        const auto& d = *r.info;
        QString text = tr("%1: %2 training · %3 validation · %4 test images · %5×%6×%7 · %8 "
                          "classes")
                           .arg(qs(d.name), formatCount(d.train.count), formatCount(d.val.count),
                                formatCount(d.test.count))
                           .arg(d.channels)
                           .arg(d.height)
                           .arg(d.width)
                           .arg(d.classes.size());
        if (d.skipped_files > 0)
            text += tr(" (%n file(s) skipped: not readable images)", nullptr,
                       static_cast<int>(d.skipped_files));
        m_panel->setDatasetInfo(text, true);
        for (ModelCard* card : m_cards)
            card->setDataShape(d.channels, static_cast<int>(d.classes.size()), d.height);
        updateStartEnabled();
    });
    watcher->setFuture(QtConcurrent::run([options]() -> DatasetResult {
        try {
            return {resdense::dataset_info(options), {}};
        } catch (const std::exception& e) {
            return {std::nullopt, qs(e.what())};
        }
    }));
}

void MainWindow::setSlotMapping(const resdense::RunConfig& config)
{
    m_slotOf.clear();
    for (std::size_t i = 0; i < config.slots.size(); ++i)
        m_slotOf.push_back(cardOfSlot(config.slots[i].name, static_cast<int>(i)));
    m_runConfig = config;
    std::array<QString, 2> names;
    for (std::size_t i = 0; i < config.slots.size(); ++i) {
        const int card = m_slotOf[i];
        names[card] = QStringLiteral("%1 · %2").arg(card == 0 ? tr("A") : tr("B"),
                                                    shortModelName(config.slots[i].model));
    }
    for (int s = 0; s < 2; ++s) {
        m_store.setModelName(s, names[s]);
        m_table->setModel(s, names[s], std::nullopt, !names[s].isEmpty());
        m_table->setStatus(s, names[s].isEmpty() ? QString() : tr("waiting"));
    }
    m_curves->setModelNames(names);
    m_classify->setModelNames(names);
}

resdense::RunSummary MainWindow::mappedSummary(const resdense::RunSummary& s) const
{
    // The table is laid out by card (A, B); the engine numbers a one-model run's slot 0. A card
    // the run did not train keeps an unnamed slot, which the table skips.
    resdense::RunSummary out = s;
    out.slots.assign(2, resdense::SlotSummary{});
    for (std::size_t i = 0; i < s.slots.size() && i < m_slotOf.size(); ++i)
        out.slots[static_cast<std::size_t>(m_slotOf[i])] = s.slots[i];
    return out;
}

bool MainWindow::startTraining()
{
    updateStartEnabled();
    if (m_controller->isRunning())
        return false;
    if (!m_startProblem.isEmpty()) {
        showError(tr("Cannot start"), m_startProblem);
        return false;
    }
    const resdense::RunConfig config = currentConfig();
    const QString root = m_panel->runsFolder();
    if (!QDir().mkpath(root)) {
        showError(tr("Cannot start"),
                  tr("Cannot create the runs folder %1.").arg(QDir::toNativeSeparators(root)));
        return false;
    }
    const QString name = qs(resdense::run_folder_name(config, std::time(nullptr)));
    QString dir = QDir(root).filePath(name);
    for (int n = 2; QFileInfo::exists(dir); ++n)
        dir = QDir(root).filePath(name + QStringLiteral("-%1").arg(n));

    m_repeat.reset();
    m_store.clearRepeats();
    saveSettings();
    if (m_panel->repeats() > 1) {
        try {
            m_repeat = RepeatPlan::create(dir, config, m_panel->repeats());
        } catch (const resdense::Error& e) {
            showError(tr("Cannot start"), qs(e.what()));
            return false;
        }
        return startRepeat(0);
    }
    launchRun(config, dir);
    return true;
}

void MainWindow::launchRun(const resdense::RunConfig& config, const QString& dir)
{
    m_store.clear();
    m_classifiers->clear();
    m_classify->setSnapshotState(tr("Models can classify after their first epoch."));
    m_summary.reset();
    m_table->setRunSummary(std::nullopt);
    setSlotMapping(config);
    for (int s = 0; s < 2; ++s)
        if (m_cards[s]->isChecked())
            m_table->setModel(s, m_store.modelName(s), m_cards[s]->summary(), true);
    m_curves->resetZoom();
    m_runDir = dir;
    m_resuming = false;
    m_progressStarted = false;
    m_lastError.clear();
    m_probe.reset();
    m_controller->start(config, dir);
    setState(State::Training);
    statusBar()->showMessage(tr("Loading the dataset and building the models…"));
}

bool MainWindow::startRepeat(int index)
{
    const QString dir = m_repeat->runDir(index);
    if (m_repeat->runStarted(index)) { // stopped or killed part-way: continue it
        m_runDir = dir;
        m_summary.reset(); // the previous seed's: resumeRun() would move on to the next seed
        return resumeRun();
    }
    launchRun(m_repeat->runConfig(index), dir);
    statusBar()->showMessage(tr("Repeat %1 of %2 (seed %3): loading the dataset and building the "
                                "models…")
                                 .arg(index + 1)
                                 .arg(m_repeat->count())
                                 .arg(m_repeat->seed(index)));
    return true;
}

void MainWindow::loadFinishedRepeats()
{
    m_store.clearRepeats();
    for (const auto& dir : m_repeat->finishedRuns()) {
        try {
            const resdense::RunRecord record = resdense::read_run(dir);
            std::array<std::vector<resdense::EpochMetrics>, MetricsStore::kSlots> epochs;
            for (auto e : record.epochs) {
                const int card =
                    e.slot < static_cast<int>(m_slotOf.size()) ? m_slotOf[e.slot] : e.slot;
                if (card >= 0 && card < MetricsStore::kSlots)
                    epochs[card].push_back(e);
            }
            m_store.addRepeat(epochs);
        } catch (const resdense::Error& e) {
            statusBar()->showMessage(qs(e.what()), 10000);
        }
    }
    m_curves->refreshNow();
}

bool MainWindow::resumeRun()
{
    if (m_controller->isRunning() || m_runDir.isEmpty())
        return false;
    if (m_repeat && m_summary && m_summary->completed) { // this seed is done: the next one
        const int next = m_repeat->nextIndex();
        return next >= 0 && startRepeat(next);
    }
    try {
        setSlotMapping(resdense::read_run_config(m_runDir.toStdString()));
    } catch (const resdense::Error& e) {
        showError(tr("Cannot resume"), qs(e.what()));
        return false;
    }
    m_resuming = true;
    m_progressStarted = false;
    m_summary.reset();
    m_lastError.clear();
    m_probe.reset();
    m_controller->resume(m_runDir);
    setState(State::Training);
    statusBar()->showMessage(tr("Resuming %1…").arg(QDir::toNativeSeparators(m_runDir)));
    return true;
}

bool MainWindow::openRun(const QString& dir)
{
    if (m_controller->isRunning()) {
        showError(tr("Cannot open a run"), tr("Stop the training first."));
        return false;
    }
    std::optional<RepeatPlan> plan;
    try {
        plan = RepeatPlan::open(dir);
    } catch (const resdense::Error& e) {
        showError(tr("Cannot open the run"), qs(e.what()));
        return false;
    }
    if (plan)
        return openRepeats(std::move(*plan));
    m_repeat.reset();
    m_store.clearRepeats();
    return openSingleRun(dir);
}

// A repeats folder shows the run of the seed that is in progress (else the last one) over the
// finished seeds' bands, with the statistics across them.
bool MainWindow::openRepeats(RepeatPlan plan)
{
    const int next = plan.nextIndex();
    const auto finished = plan.finishedRuns();
    QString shown;
    if (next >= 0 && plan.runStarted(next))
        shown = plan.runDir(next);
    else if (!finished.empty())
        shown = qs(finished.back());
    if (shown.isEmpty()) {
        showError(tr("Cannot open the run"),
                  tr("%1 holds repeats, but none of them has started yet.").arg(plan.root()));
        return false;
    }
    if (!openSingleRun(shown))
        return false;
    m_repeat = std::move(plan);
    m_panel->setRepeats(m_repeat->count());
    loadFinishedRepeats();
    updateVerdict();
    return true;
}

bool MainWindow::openSingleRun(const QString& dir)
{
    resdense::RunRecord record;
    try {
        record = resdense::read_run(dir.toStdString());
    } catch (const resdense::Error& e) {
        showError(tr("Cannot open the run"), qs(e.what()));
        return false;
    }
    m_runDir = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m_panel->load(record.config);
    for (ModelCard* card : m_cards)
        card->setChecked(false);
    for (const auto& slot : record.config.slots) {
        ModelCard* card = m_cards[cardOfSlot(slot.name, 0)];
        card->load(slot);
        card->setChecked(true);
    }
    setSlotMapping(record.config);
    m_store.load(record, m_slotOf);
    m_summary.reset();
    if (record.summary)
        m_summary = mappedSummary(*record.summary);
    m_table->setRunSummary(m_summary);
    m_table->update(m_store);
    if (m_summary && m_summary->completed)
        updateVerdict();
    for (std::size_t i = 0; i < record.config.slots.size() && i < m_slotOf.size(); ++i)
        if (!m_summary)
            m_table->setStatus(m_slotOf[i], tr("interrupted (resumable)"));
    m_curves->resetZoom();
    m_curves->refreshNow();
    loadSnapshotsOf(record);
    addRecentRun(m_runDir);
    setState(State::Opened);
    const bool resumable = !m_summary || !m_summary->completed;
    statusBar()->showMessage(resumable ? tr("Run opened: %1 of %2 epochs done; Training → Resume "
                                            "run continues it.")
                                             .arg(record.epochs_done)
                                             .arg(record.config.epochs)
                                       : tr("Run opened: finished."),
                             10000);
    return true;
}

void MainWindow::loadSnapshotsOf(const resdense::RunRecord& record)
{
    m_classifiers->clear();
    bool any = false;
    for (std::size_t i = 0; i < record.config.slots.size() && i < m_slotOf.size(); ++i) {
        const std::string& path = !record.best_checkpoints[i].empty() ? record.best_checkpoints[i]
                                                                      : record.last_checkpoints[i];
        if (path.empty())
            continue;
        m_classifiers->loadSnapshot(m_slotOf[i], qs(path), m_store.modelName(m_slotOf[i]));
        any = true;
    }
    m_classify->setSnapshotState(any ? tr("Loading the models…")
                                     : tr("This run has no checkpoints to classify with."));
}

void MainWindow::setPaused(bool paused)
{
    if (!m_controller->isRunning())
        return;
    m_controller->setPaused(paused);
    setState(paused ? State::Paused : State::Training);
}

void MainWindow::stopTraining()
{
    if (!m_controller->isRunning())
        return;
    m_controller->stop();
    setState(State::Stopping);
    statusBar()->showMessage(tr("Stopping after the current batch…"));
}

void MainWindow::onStarted(const resdense::RunSummary& plan, int firstEpoch)
{
    if (m_resuming) {
        // The engine dropped records after the checkpoint; show what the folder holds now.
        try {
            const resdense::RunRecord record = resdense::read_run(m_runDir.toStdString());
            m_store.load(record, m_slotOf);
        } catch (const resdense::Error&) {
        }
        m_curves->refreshNow();
    }
    m_table->setRunSummary(mappedSummary(plan)); // parameter counts; the rest comes at the end
    statusBar()->showMessage(tr("Training %1 on %2 threads, %3, from epoch %4")
                                 .arg(QDir::toNativeSeparators(m_runDir))
                                 .arg(plan.threads)
                                 .arg(qs(plan.precision))
                                 .arg(firstEpoch + 1),
                             8000);
    m_probe.reset();
}

void MainWindow::onBatch(const resdense::BatchMetrics& engine)
{
    resdense::BatchMetrics m = engine;
    m.slot = engine.slot < static_cast<int>(m_slotOf.size()) ? m_slotOf[engine.slot] : engine.slot;
    m_store.add(m);
    const double now = m_clock.elapsed() / 1000.0;
    if (!m_progressStarted) {
        m_progressStarted = true;
        const std::int64_t perEpoch = std::max<std::int64_t>(1, m.batches);
        const auto activeSlots = static_cast<std::int64_t>(m_runConfig.slots.size());
        m_progress.start(std::int64_t(m_runConfig.epochs) * perEpoch * activeSlots,
                         (std::int64_t(m.epoch) * perEpoch + m.batch) * activeSlots, now);
    }
    m_progress.advance(now);
    m_curves->dataChanged();
    updateProgress();
}

void MainWindow::onEpoch(const resdense::EpochMetrics& engine)
{
    resdense::EpochMetrics m = engine;
    m.slot = engine.slot < static_cast<int>(m_slotOf.size()) ? m_slotOf[engine.slot] : engine.slot;
    m_store.add(m);
    m_table->update(m_store);
    m_curves->dataChanged();
}

void MainWindow::onSlotStatus(int index, resdense::SlotStatus status, const QString& reason)
{
    const int slot = index < static_cast<int>(m_slotOf.size()) ? m_slotOf[index] : index;
    const QString text = statusText(status);
    m_table->setStatus(slot, reason.isEmpty() ? text : text + QStringLiteral(": ") + reason);
    if (status == resdense::SlotStatus::Diverged) {
        // Its remaining batches will not run: the ETA should not wait for them.
        const auto& batches = m_store.batches(slot);
        if (!batches.empty()) {
            const auto& last = batches.back();
            m_progress.dropSlot(std::int64_t(m_runConfig.epochs) * last.batches -
                                (std::int64_t(last.epoch) * last.batches + last.batch + 1));
        }
        statusBar()->showMessage(
            tr("Model %1 diverged and was stopped: %2. The other model goes on.")
                .arg(slot == 0 ? tr("A") : tr("B"), reason),
            15000);
    }
}

void MainWindow::onCheckpoint(int index, const QString& path)
{
    const int slot = index < static_cast<int>(m_slotOf.size()) ? m_slotOf[index] : index;
    m_classifiers->loadSnapshot(slot, path, m_store.modelName(slot));
}

void MainWindow::updateVerdict()
{
    const QString dir = m_runDir;
    if (dir.isEmpty() || m_slotOf.size() != 2)
        return;
    std::vector<std::string> dirs{dir.toStdString()};
    if (m_repeat && m_repeat->finishedRuns().size() > 1)
        dirs = m_repeat->finishedRuns();
    auto* watcher = new QFutureWatcher<VerdictResult>(this);
    connect(watcher, &QFutureWatcher<VerdictResult>::finished, this, [this, watcher, dir] {
        watcher->deleteLater();
        if (dir != m_runDir)
            return; // another run was opened meanwhile
        const VerdictResult r = watcher->result();
        if (r.repeats)
            m_table->setRepeatStatistics(*r.repeats);
        else
            m_table->setVerdict(r.verdict, r.detail);
    });
    watcher->setFuture(QtConcurrent::run([dirs] { return verdictOf(dirs); }));
}

void MainWindow::onFinished(const resdense::RunSummary& summary)
{
    m_summary = mappedSummary(summary);
    m_table->setRunSummary(m_summary);
    if (summary.completed)
        updateVerdict();
    m_table->update(m_store);
    m_curves->refreshNow();
    addRecentRun(m_runDir);
    if (summary.completed) {
        m_progressBar->setValue(m_progressBar->maximum());
        m_progressText->setText(tr("Done in %1").arg(formatDuration(summary.wall_seconds)));
    }
}

void MainWindow::onFailed(const QString& error)
{
    m_curves->refreshNow();
    showError(tr("Training failed"), error);
}

void MainWindow::onStoppedRunning()
{
    if (m_repeat && m_summary && m_summary->completed && !m_closing) {
        loadFinishedRepeats();
        const int next = m_repeat->nextIndex();
        if (next >= 0 && startRepeat(next))
            return;
        updateVerdict(); // the statistics across every seed
    }
    if (!m_lastError.isEmpty() && !m_summary)
        setState(State::Failed);
    else if (m_summary && m_summary->completed)
        setState(State::Finished);
    else
        setState(State::Stopped);
    if (m_state == State::Stopped)
        statusBar()->showMessage(tr("Stopped. The run can be resumed: Training → Resume run."),
                                 10000);
    if (m_closing)
        close();
}

void MainWindow::updateProgress()
{
    m_progressBar->setValue(static_cast<int>(std::lround(m_progress.fraction() * 1000)));
    QStringList parts;
    QList<const resdense::BatchMetrics*> last;
    for (int s = 0; s < 2; ++s)
        if (!m_store.batches(s).empty())
            last << &m_store.batches(s).back();
    if (!last.isEmpty()) {
        const auto* m = last.front();
        parts << tr("Epoch %1/%2").arg(m->epoch + 1).arg(m_runConfig.epochs)
              << tr("batch %1/%2").arg(m->batch + 1).arg(m->batches);
        for (const auto* b : last)
            parts << tr("%1: %2 img/s")
                         .arg(b->slot == 0 ? tr("A") : tr("B"),
                              formatCount(std::llround(b->images_per_second)));
    }
    const double left = m_progress.secondsLeft();
    parts << (left >= 0 ? tr("ETA %1").arg(formatDuration(left)) : tr("ETA …"));
    m_progressText->setText(parts.join(QStringLiteral(" · ")));
    if (m_state == State::Training && !last.isEmpty())
        setWindowTitle(tr("ResDense Workbench — Training %1 % — %2")
                           .arg(std::lround(m_progress.fraction() * 100))
                           .arg(QFileInfo(m_runDir).fileName()));
}

} // namespace resdense::ui
