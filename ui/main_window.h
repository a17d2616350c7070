#pragma once

#include <optional>

#include <QMainWindow>

#include "curve_sheet.h"
#include "event_loop_probe.h"
#include "metrics_store.h"
#include "resdense/run_config.h"
#include "run_session.h"

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;

namespace resdense::ui {

class ClassesView;
class ClassifyFlow;
class ClassifyPanel;
class ComparisonTable;
class CurvesView;
class DatasetCheck;
class DisagreementsView;
class ExperimentPanel;
class ExportActions;
class InsightLoader;
class ModelCard;
class ModelCards;
class RecentRuns;
class SnapshotClassifiers;
class TrainingController;

// The workbench window: the experiment panel and the two model cards on the left, live curves and
// the comparison table in the middle, classified images on the right. It lays these out, builds
// the menus, keeps the settings and shows the run's state; the jobs belong to collaborators:
//   ModelCards     the two model slots, A and B
//   DatasetCheck   reading the chosen dataset's header in the background
//   RunSession     the run trained or shown: training thread, metrics, repeats, verdict
//   RecentRuns     File → Open recent
//   ExportActions  File → Export
//   ClassifyFlow   dropped, pasted and chosen images to both models
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    using State = RunState;

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
    // Recipes menu: fills the panel and both cards with a named experiment (recipe_names()).
    bool loadRecipe(const QString& name);

    // Exports used by the menus (after a file dialog) and by tests: "" or why not.
    QString exportChartTo(const QString& path, ChartPart part) const;
    QString exportReportTo(const QString& path) const; // File → Export → Comparison report
    QString exportCsvTo(const QString& path, bool batches) const;
    QString exportJsonTo(const QString& path) const;

    // Tests and scripted runs: no "really quit?" question, no modal error boxes.
    void setInteractive(bool interactive) { m_interactive = interactive; }
    State state() const { return m_session->state(); }
    // The dataset is being read in the background (Start waits for its verdict).
    bool datasetPending() const;
    QString lastError() const { return m_lastError; }
    QString runDir() const { return m_session->runDir(); }
    const MetricsStore& store() const { return m_store; }
    const EventLoopProbe& probe() const { return m_probe; }
    ExperimentPanel* experimentPanel() const { return m_panel; }
    ModelCard* card(int slot) const;
    CurvesView* curves() const { return m_curves; }
    ComparisonTable* table() const { return m_table; }
    ClassifyPanel* classifyPanel() const { return m_classify; }
    ClassesView* classesView() const { return m_classes; }
    DisagreementsView* disagreementsView() const { return m_disagreements; }
    InsightLoader* insightLoader() const { return m_insight; }
    QTabWidget* centerTabs() const { return m_centerTabs; }
    SnapshotClassifiers* classifiers() const;
    TrainingController* controller() const { return m_session->controller(); }
    QAction* startAction() const { return m_start; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stopAction() const { return m_stop; }

Q_SIGNALS:
    void stateChanged(resdense::ui::RunState state);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildLayout();
    QWidget* buildLeftColumn();
    void buildMenus();
    void buildFileMenu();
    void buildTrainingMenu();
    void buildViewMenu();
    void buildLanguageMenu(QMenu* menu);
    void chooseLanguage(const QString& language);
    void connectCollaborators();
    void connectInsight();
    void evaluateTestSet(); // the Classes tab's button: test predictions for an older run
    void restoreSettings();
    void saveSettings() const;
    void showState(State state);
    void showProgress(const QString& text, double fraction);
    void updateTitle(const QString& state);
    void updateStartEnabled();
    void showError(const QString& title, const QString& text);
    void showMessage(const QString& text, int timeoutMs);
    void showDatasetInfo(const resdense::DatasetInfo& info, const QString& description);
    void showDataShape();
    void chooseRunToOpen();
    void showDiagnostics();
    void showAbout();

    MetricsStore m_store;
    ExperimentPanel* m_panel = nullptr;
    ModelCards* m_cards = nullptr;
    CurvesView* m_curves = nullptr;
    ComparisonTable* m_table = nullptr;
    ClassifyPanel* m_classify = nullptr;
    ClassesView* m_classes = nullptr;
    DisagreementsView* m_disagreements = nullptr;
    InsightLoader* m_insight = nullptr;
    QTabWidget* m_centerTabs = nullptr;
    ClassifyFlow* m_classifyFlow = nullptr;
    DatasetCheck* m_datasetCheck = nullptr;
    RunSession* m_session = nullptr;
    RecentRuns* m_recent = nullptr;
    ExportActions* m_exports = nullptr;
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
    QAction* m_openAction = nullptr;
    QAction* m_exportSheet = nullptr;

    EventLoopProbe m_probe;
    std::optional<resdense::DatasetInfo> m_datasetInfo; // the last dataset read
    QString m_startProblem;
    QString m_lastError;
    bool m_closing = false;
    bool m_restartAfterClose = false; // View → Language: start again once closed
    bool m_interactive = true;
};

} // namespace resdense::ui
