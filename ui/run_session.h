#pragma once

#include <optional>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include "metrics_store.h"
#include "progress_estimate.h"
#include "repeat_plan.h"
#include "resdense/metrics.h"
#include "resdense/run_config.h"
#include "resdense/run_record.h"
#include "slot_map.h"

namespace resdense::ui {

class ClassifyPanel;
class ComparisonTable;
class CurvesView;
class ExperimentPanel;
class ModelCards;
class SnapshotClassifiers;
class TrainingController;

// A run folder's validation checks (checks.jsonl), slots numbered as in config.
std::vector<resdense::ValidationCheck> readChecks(const QString& dir,
                                                  const resdense::RunConfig& config);

enum class RunState { Ready, Training, Paused, Stopping, Finished, Stopped, Failed, Opened };

// The views that show a run.
struct RunViews {
    ExperimentPanel* panel = nullptr;
    ModelCards* cards = nullptr;
    CurvesView* curves = nullptr;
    ComparisonTable* table = nullptr;
    ClassifyPanel* classify = nullptr;
    SnapshotClassifiers* classifiers = nullptr;
};

// The run the window trains or shows, from Start (or Open) to its summary: the training thread,
// the metrics, the mapping of engine slots to cards, a duel repeated over seeds, the progress and
// the verdict. It keeps the views up to date; the window shows its state, messages and progress.
class RunSession : public QObject {
    Q_OBJECT
public:
    // `store` is what the curves view draws.
    RunSession(MetricsStore& store, const RunViews& views, QObject* parent = nullptr);

    // A new run folder under `runsRoot` (repeats > 1: a repeats folder, seed after seed).
    bool start(const resdense::RunConfig& config, const QString& runsRoot, int repeats);
    bool resume(); // the shown run (or the next seed of its repeats)
    bool open(const QString& dir);
    void setPaused(bool paused);
    // Stops after the current batch; with `forGood`, no next seed starts afterwards.
    void stop(bool forGood = false);

    RunState state() const { return m_state; }
    bool isRunning() const;
    bool canResume() const;
    QString runDir() const { return m_runDir; }
    const resdense::RunConfig& config() const { return m_config; }
    const std::optional<resdense::RunSummary>& summary() const { return m_summary; }
    const MetricsStore& store() const { return m_store; }
    TrainingController* controller() const { return m_controller; }
    // While training: asks for each training model's current weights (classifying before an
    // epoch ends) and returns how many snapshots will come; 0 when nothing trains.
    int requestSnapshot();

    // While no run is shown the views name the cards; call when a card changes.
    void showCardNames();
    // A card's parameter count is known: the table shows it if the card describes the run.
    void showCardSummary(int card);

Q_SIGNALS:
    void stateChanged(resdense::ui::RunState state);
    void message(const QString& text, int timeoutMs);
    void error(const QString& title, const QString& text);
    void progressChanged(const QString& text, double fraction);
    void trainingStarted();                 // the models are built; batches follow
    void runShown(const QString& dir);      // trained to the end or opened: worth a recent entry
    void epochRecorded(const QString& dir); // a model finished an epoch (and its validation)
    void stoppedRunning();

private:
    // Starting and showing (run_session.cpp)
    void launch(const resdense::RunConfig& config, const QString& dir);
    bool startRepeat(int index);
    bool openRepeats(RepeatPlan plan);
    bool openSingle(const QString& dir);
    void mapSlots(const resdense::RunConfig& config);
    void loadSnapshots(const resdense::RunRecord& record);
    void loadFinishedRepeats();
    void updateVerdict();
    void setState(RunState state);
    // The controller's reports (run_session_reports.cpp)
    void onStarted(const resdense::RunSummary& plan, int firstEpoch);
    void onBatch(const resdense::BatchMetrics& m);
    void onEpoch(const resdense::EpochMetrics& m);
    void onCheck(const resdense::ValidationCheck& c);
    void onSlotStatus(int index, resdense::SlotStatus status, const QString& reason);
    void onCheckpoint(int index, const QString& path);
    void onFinished(const resdense::RunSummary& summary);
    void onFailed(const QString& error);
    void onStoppedRunning();
    void reportProgress();

    MetricsStore& m_store;
    RunViews m_views;
    TrainingController* m_controller;
    RunState m_state = RunState::Ready;
    QString m_runDir;
    std::array<bool, 2> m_training{false, false}; // by card: the model is still training
    resdense::RunConfig m_config;                 // of the run being trained or shown
    SlotMap m_slots;
    std::optional<resdense::RunSummary> m_summary; // laid out by card
    std::optional<RepeatPlan> m_repeat; // while a duel repeated over seeds is trained or shown
    ProgressEstimate m_progress;
    QElapsedTimer m_clock;
    bool m_progressStarted = false;
    bool m_resuming = false;
    bool m_failed = false;
    bool m_stopForGood = false;
    int m_verdictGeneration = 0; // the newest updateVerdict() request
};

} // namespace resdense::ui

Q_DECLARE_METATYPE(resdense::ui::RunState)
