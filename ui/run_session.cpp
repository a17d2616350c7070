// Starting, resuming and opening runs; the statistics once a run (or every seed) is done.
#include "run_session.h"

#include <ctime>

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "classify_panel.h"
#include "comparison_table.h"
#include "curves_view.h"
#include "experiment_panel.h"
#include "model_card.h"
#include "model_cards.h"
#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/run_statistics.h"
#include "resdense/trainer.h"
#include "resdense/validation_checks.h"
#include "snapshot_classifiers.h"
#include "text_format.h"
#include "training_controller.h"

namespace resdense::ui {

namespace {

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
                RunSession::tr("Only A right on %1 test images, only B right on %2; McNemar exact "
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

// A folder under root named for the config and the time, not taken yet.
QString freshRunDir(const QString& root, const resdense::RunConfig& config)
{
    const QString name = qs(resdense::run_folder_name(config, std::time(nullptr)));
    QString dir = QDir(root).filePath(name);
    for (int n = 2; QFileInfo::exists(dir); ++n)
        dir = QDir(root).filePath(name + QStringLiteral("-%1").arg(n));
    return dir;
}

} // namespace

RunSession::RunSession(MetricsStore& store, const RunViews& views, QObject* parent)
    : QObject(parent), m_store(store), m_views(views), m_controller(new TrainingController(this))
{
    qRegisterMetaType<resdense::ui::RunState>();
    m_clock.start();
    connect(m_controller, &TrainingController::started, this, &RunSession::onStarted);
    connect(m_controller, &TrainingController::batchDone, this, &RunSession::onBatch);
    connect(m_controller, &TrainingController::epochDone, this, &RunSession::onEpoch);
    connect(m_controller, &TrainingController::validationChecked, this, &RunSession::onCheck);
    connect(m_controller, &TrainingController::slotStatusChanged, this, &RunSession::onSlotStatus);
    connect(m_controller, &TrainingController::checkpointWritten, this, &RunSession::onCheckpoint);
    connect(m_controller, &TrainingController::finished, this, &RunSession::onFinished);
    connect(m_controller, &TrainingController::failed, this, &RunSession::onFailed);
    connect(m_controller, &TrainingController::message, this,
            [this](const QString& text) { Q_EMIT message(text, 5000); });
    connect(m_controller, &TrainingController::stoppedRunning, this, &RunSession::onStoppedRunning);
}

bool RunSession::isRunning() const
{
    return m_controller->isRunning();
}

bool RunSession::canResume() const
{
    const bool busy = m_state == RunState::Training || m_state == RunState::Paused ||
                      m_state == RunState::Stopping;
    return !busy && !m_runDir.isEmpty() && (!m_summary || !m_summary->completed);
}

void RunSession::setState(RunState state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}

bool RunSession::start(const resdense::RunConfig& config, const QString& runsRoot, int repeats)
{
    if (!QDir().mkpath(runsRoot)) {
        Q_EMIT error(
            tr("Cannot start"),
            tr("Cannot create the runs folder %1.").arg(QDir::toNativeSeparators(runsRoot)));
        return false;
    }
    const QString dir = freshRunDir(runsRoot, config);
    m_repeat.reset();
    m_store.clearRepeats();
    if (repeats > 1) {
        try {
            m_repeat = RepeatPlan::create(dir, config, repeats);
        } catch (const resdense::Error& e) {
            Q_EMIT error(tr("Cannot start"), qs(e.what()));
            return false;
        }
        return startRepeat(0);
    }
    launch(config, dir);
    return true;
}

void RunSession::launch(const resdense::RunConfig& config, const QString& dir)
{
    m_store.clear();
    m_views.classifiers->clear();
    m_views.classify->setSnapshotState(
        tr("Drop an image: both models classify it with their weights as they are now."));
    m_summary.reset();
    m_views.table->setRunSummary(std::nullopt);
    mapSlots(config);
    for (int s = 0; s < ModelCards::kCount; ++s)
        if (m_views.cards->card(s)->isChecked())
            m_views.table->setModel(s, m_store.modelName(s), m_views.cards->card(s)->summary(),
                                    true);
    m_views.curves->resetZoom();
    m_runDir = dir;
    m_resuming = false;
    m_progressStarted = false;
    m_failed = false;
    m_controller->start(config, dir);
    setState(RunState::Training);
    Q_EMIT message(tr("Loading the dataset and building the models…"), 0);
}

bool RunSession::startRepeat(int index)
{
    const QString dir = m_repeat->runDir(index);
    if (m_repeat->runStarted(index)) { // stopped or killed part-way: continue it
        m_runDir = dir;
        m_summary.reset(); // the previous seed's: resume() would move on to the next seed
        return resume();
    }
    launch(m_repeat->runConfig(index), dir);
    Q_EMIT message(tr("Repeat %1 of %2 (seed %3): loading the dataset and building the models…")
                       .arg(index + 1)
                       .arg(m_repeat->count())
                       .arg(m_repeat->seed(index)),
                   0);
    return true;
}

bool RunSession::resume()
{
    if (m_controller->isRunning() || m_runDir.isEmpty())
        return false;
    if (m_repeat && m_summary && m_summary->completed) { // this seed is done: the next one
        const int next = m_repeat->nextIndex();
        return next >= 0 && startRepeat(next);
    }
    try {
        mapSlots(resdense::read_run_config(m_runDir.toStdString()));
    } catch (const resdense::Error& e) {
        Q_EMIT error(tr("Cannot resume"), qs(e.what()));
        return false;
    }
    m_resuming = true;
    m_progressStarted = false;
    m_failed = false;
    m_summary.reset();
    m_controller->resume(m_runDir);
    setState(RunState::Training);
    Q_EMIT message(tr("Resuming %1…").arg(QDir::toNativeSeparators(m_runDir)), 0);
    return true;
}

bool RunSession::open(const QString& dir)
{
    if (m_controller->isRunning()) {
        Q_EMIT error(tr("Cannot open a run"), tr("Stop the training first."));
        return false;
    }
    std::optional<RepeatPlan> plan;
    try {
        plan = RepeatPlan::open(dir);
    } catch (const resdense::Error& e) {
        Q_EMIT error(tr("Cannot open the run"), qs(e.what()));
        return false;
    }
    if (plan)
        return openRepeats(std::move(*plan));
    m_repeat.reset();
    m_store.clearRepeats();
    return openSingle(dir);
}

// A repeats folder shows the run of the seed that is in progress (else the last one) over the
// finished seeds' bands, with the statistics across them.
bool RunSession::openRepeats(RepeatPlan plan)
{
    const int next = plan.nextIndex();
    const auto finished = plan.finishedRuns();
    QString shown;
    if (next >= 0 && plan.runStarted(next))
        shown = plan.runDir(next);
    else if (!finished.empty())
        shown = qs(finished.back());
    if (shown.isEmpty()) {
        Q_EMIT error(tr("Cannot open the run"),
                     tr("%1 holds repeats, but none of them has started yet.").arg(plan.root()));
        return false;
    }
    if (!openSingle(shown))
        return false;
    m_repeat = std::move(plan);
    m_views.panel->setRepeats(m_repeat->count());
    loadFinishedRepeats();
    updateVerdict();
    return true;
}

std::vector<resdense::ValidationCheck> readChecks(const QString& dir,
                                                  const resdense::RunConfig& config)
{
    std::vector<std::string> names;
    for (const auto& slot : config.slots)
        names.push_back(slot.name);
    return resdense::read_validation_checks(dir.toStdString(), names);
}

bool RunSession::openSingle(const QString& dir)
{
    resdense::RunRecord record;
    try {
        record = resdense::read_run(dir.toStdString());
    } catch (const resdense::Error& e) {
        Q_EMIT error(tr("Cannot open the run"), qs(e.what()));
        return false;
    }
    m_runDir = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m_views.panel->load(record.config);
    m_views.cards->showRun(record.config);
    mapSlots(record.config);
    m_store.load(record, m_slots.cards(), readChecks(dir, record.config));
    m_summary.reset();
    if (record.summary)
        m_summary = m_slots.toCards(*record.summary);
    m_views.table->setRunSummary(m_summary);
    m_views.table->update(m_store);
    if (m_summary && m_summary->completed)
        updateVerdict();
    if (!m_summary)
        for (int card : m_slots.cards())
            m_views.table->setStatus(card, tr("interrupted (resumable)"));
    m_views.curves->resetZoom();
    m_views.curves->refreshNow();
    loadSnapshots(record);
    Q_EMIT runShown(m_runDir);
    setState(RunState::Opened);
    Q_EMIT message(canResume() ? tr("Run opened: %1 of %2 epochs done; Training → Resume run "
                                    "continues it.")
                                     .arg(record.epochs_done)
                                     .arg(record.config.epochs)
                               : tr("Run opened: finished."),
                   10000);
    if (!record.summary_problem.empty())
        Q_EMIT message(tr("Run opened from its metrics; its summary.json was set aside: %1")
                           .arg(qs(record.summary_problem)),
                       20000);
    return true;
}

void RunSession::mapSlots(const resdense::RunConfig& config)
{
    m_slots = SlotMap(config);
    m_config = config;
    std::array<QString, 2> names;
    for (std::size_t i = 0; i < config.slots.size(); ++i) {
        const int card = m_slots.cards()[i];
        names[card] =
            QStringLiteral("%1 · %2").arg(slotLabel(card), shortModelName(config.slots[i].model));
    }
    for (int s = 0; s < 2; ++s) {
        m_store.setModelName(s, names[s]);
        m_views.table->setModel(s, names[s], std::nullopt, !names[s].isEmpty());
        m_views.table->setStatus(s, names[s].isEmpty() ? QString() : tr("waiting"));
    }
    m_views.curves->setModelNames(names);
    m_views.classify->setModelNames(names);
}

void RunSession::showCardNames()
{
    if (m_state != RunState::Ready)
        return;
    const auto names = m_views.cards->displayNames();
    m_views.curves->setModelNames(names);
    for (int s = 0; s < ModelCards::kCount; ++s) {
        ModelCard* card = m_views.cards->card(s);
        m_store.setModelName(s, names[s]);
        m_views.table->setModel(s, names[s], card->summary(), card->isChecked());
    }
    m_views.classify->setModelNames(names);
}

// Counting parameters takes a moment; a run started (or opened) meanwhile still gets the
// numbers, as long as the card still describes the run's model.
void RunSession::showCardSummary(int card)
{
    ModelCard* c = m_views.cards->card(card);
    if (m_state != RunState::Ready && c->isChecked() &&
        m_views.cards->describesRun(card, m_config, m_slots))
        m_views.table->setModel(card, m_store.modelName(card), c->summary(), true);
}

void RunSession::loadSnapshots(const resdense::RunRecord& record)
{
    m_views.classifiers->clear();
    bool any = false;
    for (std::size_t i = 0; i < record.config.slots.size() && i < m_slots.size(); ++i) {
        const std::string& path = !record.best_checkpoints[i].empty() ? record.best_checkpoints[i]
                                                                      : record.last_checkpoints[i];
        if (path.empty())
            continue;
        const int card = m_slots.cards()[i];
        m_views.classifiers->loadSnapshot(card, qs(path), m_store.modelName(card));
        any = true;
    }
    m_views.classify->setSnapshotState(any ? tr("Loading the models…")
                                           : tr("This run has no checkpoints to classify with."));
}

void RunSession::loadFinishedRepeats()
{
    m_store.clearRepeats();
    for (const auto& dir : m_repeat->finishedRuns()) {
        try {
            const resdense::RunRecord record = resdense::read_run(dir);
            std::array<std::vector<resdense::EpochMetrics>, MetricsStore::kSlots> epochs;
            for (const auto& e : record.epochs) {
                const int card = m_slots.card(e.slot);
                if (card >= 0 && card < MetricsStore::kSlots)
                    epochs[card].push_back(e);
            }
            m_store.addRepeat(epochs);
        } catch (const resdense::Error& e) {
            Q_EMIT message(qs(e.what()), 10000);
        }
    }
    m_views.curves->refreshNow();
}

// From the run folder's test predictions (or every finished seed's), off the GUI thread.
void RunSession::updateVerdict()
{
    const QString dir = m_runDir;
    if (dir.isEmpty() || m_slots.size() != 2)
        return;
    std::vector<std::string> dirs{dir.toStdString()};
    if (m_repeat && m_repeat->finishedRuns().size() > 1)
        dirs = m_repeat->finishedRuns();
    // Only the newest request shows: opening a repeats folder asks for the shown seed's verdict,
    // then for the statistics across seeds, and the first may finish last.
    const int generation = ++m_verdictGeneration;
    auto* watcher = new QFutureWatcher<VerdictResult>(this);
    connect(watcher, &QFutureWatcher<VerdictResult>::finished, this,
            [this, watcher, dir, generation] {
                watcher->deleteLater();
                if (dir != m_runDir || generation != m_verdictGeneration)
                    return; // another run was opened, or a newer verdict asked for, meanwhile
                const VerdictResult r = watcher->result();
                if (r.repeats)
                    m_views.table->setRepeatStatistics(*r.repeats);
                else
                    m_views.table->setVerdict(r.verdict, r.detail);
            });
    watcher->setFuture(QtConcurrent::run([dirs] { return verdictOf(dirs); }));
}

void RunSession::setPaused(bool paused)
{
    if (!m_controller->isRunning())
        return;
    m_controller->setPaused(paused);
    setState(paused ? RunState::Paused : RunState::Training);
}

void RunSession::stop(bool forGood)
{
    m_stopForGood = m_stopForGood || forGood;
    if (!m_controller->isRunning())
        return;
    m_controller->stop();
    setState(RunState::Stopping);
    Q_EMIT message(tr("Stopping after the current batch…"), 0);
}

} // namespace resdense::ui
