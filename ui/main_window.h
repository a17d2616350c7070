#pragma once

#include <array>
#include <optional>
#include <vector>

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include "curve_sheet.h"
#include "event_loop_probe.h"
#include "metrics_store.h"
#include "progress_estimate.h"
#include "repeat_plan.h"
#include "resdense/run_config.h"
#include "resdense/run_record.h"

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;

namespace resdense::ui {

class ClassifyPanel;
class ComparisonTable;
class CurvesView;
class ExperimentPanel;
class ModelCard;
class SnapshotClassifiers;
class TrainingController;
struct ImageVerdict;

// The workbench window: the experiment panel and the two model cards on the left, live curves and
// the comparison table in the middle, classified images on the right. Owns the training
// controller (its thread), the metrics of the current or opened run, and the classifiers.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class State { Ready, Training, Paused, Stopping, Finished, Stopped, Failed, Opened };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The engine config the panel and the enabled cards describe.
    resdense::RunConfig currentConfig() const;
    // Why Start is disabled ("" when it is not).
    QString startProblem() const { return m_startProblem; }

    bool startTraining();             // false (and a message) when it cannot start
    bool openRun(const QString& dir); // false (and a message) when it is not a run
    bool resumeRun();                 // the opened (or last) run
    void setPaused(bool paused);
    void stopTraining();
    void classifyFiles(const QStringList& paths);
    bool pasteImage();

    // Exports used by the menus (after a file dialog) and by tests: "" or why not.
    QString exportChartTo(const QString& path, ChartPart part) const;
    QString exportCsvTo(const QString& path, bool batches) const;
    QString exportJsonTo(const QString& path) const;

    // Tests and scripted runs: no "really quit?" question, no modal error boxes.
    void setInteractive(bool interactive) { m_interactive = interactive; }
    State state() const { return m_state; }
    // The dataset is being read in the background (Start waits for its verdict).
    bool datasetPending() const { return m_datasetDebounce.isActive() || m_datasetLoading; }
    QString lastError() const { return m_lastError; }
    QString runDir() const { return m_runDir; }
    const MetricsStore& store() const { return m_store; }
    const EventLoopProbe& probe() const { return m_probe; }
    ExperimentPanel* experimentPanel() const { return m_panel; }
    ModelCard* card(int slot) const { return m_cards.at(slot); }
    CurvesView* curves() const { return m_curves; }
    ComparisonTable* table() const { return m_table; }
    ClassifyPanel* classifyPanel() const { return m_classify; }
    SnapshotClassifiers* classifiers() const { return m_classifiers; }
    TrainingController* controller() const { return m_controller; }
    QAction* startAction() const { return m_start; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stopAction() const { return m_stop; }

Q_SIGNALS:
    void stateChanged(resdense::ui::MainWindow::State state);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // main_window.cpp: layout, menus, settings
    void buildLayout();
    void buildMenus();
    void restoreSettings();
    void saveSettings() const;
    void updateRecentMenu();
    void addRecentRun(const QString& dir);
    void setState(State state);
    void updateTitle();
    void updateStartEnabled();
    void refreshModelNames();
    bool cardMatchesRun(int card) const; // the card shows the model of the run in the table
    void showError(const QString& title, const QString& text);
    void showDiagnostics();
    void showAbout();
    // main_window_run.cpp: training and runs
    void loadDatasetInfo();
    void launchRun(const resdense::RunConfig& config, const QString& dir);
    bool openSingleRun(const QString& dir);
    // Repeats (RepeatPlan): one seed's run after the other, bands from the finished ones.
    bool startRepeat(int index);
    bool openRepeats(RepeatPlan plan);
    void loadFinishedRepeats();
    void updateVerdict(); // from the run folder's test predictions, off the GUI thread
    void onStarted(const resdense::RunSummary& plan, int firstEpoch);
    void onBatch(const resdense::BatchMetrics& m);
    void onEpoch(const resdense::EpochMetrics& m);
    void onSlotStatus(int index, resdense::SlotStatus status, const QString& reason);
    void onCheckpoint(int index, const QString& path);
    void onFinished(const resdense::RunSummary& summary);
    void onFailed(const QString& error);
    void onStoppedRunning();
    void updateProgress();
    void setSlotMapping(const resdense::RunConfig& config);
    void loadSnapshotsOf(const resdense::RunRecord& record);
    resdense::RunSummary mappedSummary(const resdense::RunSummary& s) const;
    // Card 0 (A) or 1 (B) for a run's slot: by its name, else by its position.
    static int cardOfSlot(const std::string& name, int index);
    // main_window_io.cpp: classify and export through dialogs
    void onClassified(const ImageVerdict& verdict);
    void chooseImagesToClassify();
    void chooseRunToOpen();
    void exportChartDialog(ChartPart part);
    void exportDataDialog(int kind); // 0 epoch CSV, 1 batch CSV, 2 JSON
    QString exportBaseName() const;

    ExperimentPanel* m_panel = nullptr;
    std::array<ModelCard*, 2> m_cards{};
    CurvesView* m_curves = nullptr;
    ComparisonTable* m_table = nullptr;
    ClassifyPanel* m_classify = nullptr;
    SnapshotClassifiers* m_classifiers = nullptr;
    TrainingController* m_controller = nullptr;
    QSplitter* m_mainSplit = nullptr;
    QSplitter* m_centerSplit = nullptr;
    QPushButton* m_startButton = nullptr;
    QLabel* m_problemLabel = nullptr;
    QLabel* m_progressText = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_openFolder = nullptr;
    QMenu* m_recentMenu = nullptr;
    QList<QAction*> m_exportActions;

    MetricsStore m_store;
    EventLoopProbe m_probe;
    ProgressEstimate m_progress;
    QElapsedTimer m_clock;
    QTimer m_datasetDebounce;
    int m_datasetGeneration = 0;
    bool m_datasetLoading = false;
    State m_state = State::Ready;
    QString m_runDir;
    QString m_startProblem;
    QString m_lastError;
    QStringList m_recentRuns;
    std::vector<int> m_slotOf; // engine slot index -> card (0 = A, 1 = B)
    std::optional<resdense::RunSummary> m_summary;
    std::optional<RepeatPlan> m_repeat; // while a duel repeated over seeds is trained or shown
    resdense::RunConfig m_runConfig;    // of the run being trained or shown
    bool m_progressStarted = false;
    bool m_resuming = false;
    bool m_closing = false;
    bool m_interactive = true;
};

} // namespace resdense::ui
