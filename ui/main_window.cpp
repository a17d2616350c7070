#include "main_window.h"

#include <cmath>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "classes_view.h"
#include "classify_flow.h"
#include "classify_panel.h"
#include "comparison_table.h"
#include "curves_view.h"
#include "dataset_check.h"
#include "disagreements_view.h"
#include "experiment_panel.h"
#include "export_actions.h"
#include "insight_loader.h"
#include "language.h"
#include "model_card.h"
#include "model_cards.h"
#include "recent_runs.h"
#include "resdense/build_info.h"
#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/trainer.h"
#include "problem_text.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

QString defaultRunsFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/runs");
}

bool isBusy(RunState state)
{
    return state == RunState::Training || state == RunState::Paused || state == RunState::Stopping;
}

QString stateText(RunState state)
{
    switch (state) {
    case RunState::Ready: return MainWindow::tr("Ready");
    case RunState::Training: return MainWindow::tr("Training");
    case RunState::Paused: return MainWindow::tr("Paused");
    case RunState::Stopping: return MainWindow::tr("Stopping…");
    case RunState::Finished: return MainWindow::tr("Finished");
    case RunState::Stopped: return MainWindow::tr("Stopped (resumable)");
    case RunState::Failed: return MainWindow::tr("Failed");
    case RunState::Opened: return MainWindow::tr("Run opened");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    buildLayout();
    m_classifyFlow = new ClassifyFlow(this, m_classify, this);
    m_insight = new InsightLoader(this);
    m_datasetCheck = new DatasetCheck([this] { return m_panel->datasetOptions(); }, this);
    m_session = new RunSession(
        m_store, {m_panel, m_cards, m_curves, m_table, m_classify, m_classifyFlow->classifiers()},
        this);
    m_exports = new ExportActions(this, *m_session, *m_curves, this);
    buildMenus();
    connectCollaborators();

    restoreSettings();
    m_session->showCardNames();
    m_classify->setSnapshotState(tr("No trained model yet."));
    m_datasetCheck->request();
    showState(RunState::Ready);
    m_probe.start();
}

MainWindow::~MainWindow() = default;

ModelCard* MainWindow::card(int slot) const
{
    return m_cards->card(slot);
}

SnapshotClassifiers* MainWindow::classifiers() const
{
    return m_classifyFlow->classifiers();
}

bool MainWindow::datasetPending() const
{
    return m_datasetCheck->pending();
}

void MainWindow::connectCollaborators()
{
    connect(m_session, &RunSession::stateChanged, this, &MainWindow::showState);
    connect(m_session, &RunSession::message, this, &MainWindow::showMessage);
    connect(m_session, &RunSession::error, this, &MainWindow::showError);
    connect(m_session, &RunSession::progressChanged, this, &MainWindow::showProgress);
    connect(m_session, &RunSession::trainingStarted, this, [this] { m_probe.reset(); });
    connect(m_session, &RunSession::runShown, m_recent, &RecentRuns::add);
    connect(m_session, &RunSession::stoppedRunning, this, [this] {
        if (m_closing)
            close();
    });
    connect(m_recent, &RecentRuns::openRequested, this, &MainWindow::openRun);
    connect(m_exports, &ExportActions::message, this, &MainWindow::showMessage);
    connect(m_exports, &ExportActions::error, this, &MainWindow::showError);
    connect(m_classifyFlow, &ClassifyFlow::message, this, &MainWindow::showMessage);
    connect(m_classifyFlow, &ClassifyFlow::error, this, &MainWindow::showError);
    connect(m_classifyFlow, &ClassifyFlow::runFolderDropped, this, &MainWindow::openRun);

    connect(m_datasetCheck, &DatasetCheck::readable, this, &MainWindow::showDatasetInfo);
    connect(m_datasetCheck, &DatasetCheck::unreadable, this, [this](const QString& why) {
        m_panel->setDatasetInfo(why, false);
        updateStartEnabled();
    });
    connect(m_panel, &ExperimentPanel::datasetChanged, this, [this] {
        m_panel->setDatasetInfo(tr("Reading the dataset…"), true);
        m_datasetCheck->request();
    });
    connect(m_panel, &ExperimentPanel::changed, this, [this] {
        m_cards->setBatchSize(m_panel->batchSize());
        showDataShape();
        updateStartEnabled();
    });
    connect(m_cards, &ModelCards::changed, this, [this] {
        updateStartEnabled();
        m_session->showCardNames();
    });
    connect(m_cards, &ModelCards::summaryReady, m_session, &RunSession::showCardSummary);
    connectInsight();
}

void MainWindow::connectInsight()
{
    // Where each model fails: the validation matrices after every epoch, everything (test
    // matrices, disagreements with their images, Grad-CAM) when a run ends or is opened.
    connect(m_session, &RunSession::runShown, m_insight,
            [this](const QString& dir) { m_insight->load(dir, true); });
    connect(m_session, &RunSession::epochRecorded, m_insight,
            [this](const QString& dir) { m_insight->load(dir, false); });
    connect(m_session, &RunSession::trainingStarted, m_insight, &InsightLoader::clear);
    connect(m_insight, &InsightLoader::loaded, this,
            [this](const std::shared_ptr<const RunInsight>& insight) {
                m_classes->setInsight(insight);
                m_disagreements->setInsight(insight);
            });
    const auto open = [this](const QByteArray& png, const QString& source) {
        m_classifyFlow->classifyEncoded(png, source);
    };
    connect(m_classes, &ClassesView::openImage, this, open);
    connect(m_disagreements, &DisagreementsView::openImage, this, open);
    connect(m_classes, &ClassesView::evaluateRequested, this, &MainWindow::evaluateTestSet);
    // A dropped image is classified with the weights as they are now, mid-epoch too: the models'
    // snapshots are written at the next batch boundary and the image waits for them.
    connect(m_classifyFlow, &ClassifyFlow::aboutToClassify, this, [this] {
        if (classifiers()->awaitingSnapshots())
            return;
        classifiers()->expectSnapshots(m_session->requestSnapshot());
    });
}

void MainWindow::evaluateTestSet()
{
    const QString dir = m_session->runDir();
    const RunState state = m_session->state();
    if (dir.isEmpty() || state == RunState::Training || state == RunState::Paused ||
        state == RunState::Stopping) {
        showMessage(tr("Open a finished run first."), 6000);
        return;
    }
    showMessage(tr("Testing the best checkpoints of %1…").arg(QDir(dir).dirName()), 0);
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, dir] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (!error.isEmpty()) {
            showError(tr("Cannot evaluate the run"), error);
            return;
        }
        showMessage(tr("Test predictions kept in %1.")
                        .arg(QDir(dir).filePath(QStringLiteral("predictions"))),
                    8000);
        m_insight->load(dir, true);
    });
    watcher->setFuture(QtConcurrent::run([dir]() -> QString {
        try {
            resdense::evaluate_run(dir.toStdString());
            return {};
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

void MainWindow::showDatasetInfo(const resdense::DatasetInfo& info, const QString& description)
{
    m_panel->setDatasetInfo(description, true);
    m_datasetInfo = info;
    showDataShape();
    updateStartEnabled();
}

// The cards count parameters and MACs for the images the models will see (after resize and crop).
void MainWindow::showDataShape()
{
    if (!m_datasetInfo)
        return;
    const auto& info = *m_datasetInfo;
    resdense::RunConfig c;
    m_panel->applyTo(c);
    m_cards->setDataShape(info.channels, static_cast<int>(info.classes.size()),
                          resdense::model_image_size(c.input, info.height, info.width));
}

// A recipe on the dataset chosen when it is CIFAR-10 (the tutorial's), else on the recipe's own.
bool MainWindow::loadRecipe(const QString& name)
{
    resdense::RunConfig current;
    m_panel->applyTo(current);
    const bool cifar10 = current.dataset.spec.rfind("cifar10:", 0) == 0;
    resdense::RunConfig r;
    try {
        r = resdense::recipe(name.toStdString(), cifar10 ? current.dataset.spec : std::string());
    } catch (const resdense::Error& e) {
        showError(tr("Unknown recipe"), qs(e.what()));
        return false;
    }
    m_panel->load(r);
    m_cards->reset(r);
    m_session->showCardNames();
    updateStartEnabled();
    showMessage(tr("Recipe loaded: %1").arg(name), 5000);
    return true;
}

QWidget* MainWindow::buildLeftColumn()
{
    m_panel = new ExperimentPanel;
    m_cards = new ModelCards(resdense::default_experiment(), this);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_panel);
    for (ModelCard* card : m_cards->all())
        leftLayout->addWidget(card);
    leftLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(left->sizeHint().width() + 24);

    auto* column = new QWidget;
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    m_problemLabel = new QLabel;
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    layout->addWidget(m_problemLabel);
    m_startButton = new QPushButton(tr("Start training"));
    m_startButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_startButton->setMinimumHeight(36);
    layout->addWidget(m_startButton);
    return column;
}

void MainWindow::buildLayout()
{
    QWidget* leftColumn = buildLeftColumn();
    m_curves = new CurvesView(m_store);
    m_table = new ComparisonTable;
    m_centerSplit = new QSplitter(Qt::Vertical);
    m_centerSplit->addWidget(m_curves);
    m_centerSplit->addWidget(m_table);
    m_centerSplit->setStretchFactor(0, 3);
    m_centerSplit->setStretchFactor(1, 2);
    m_centerSplit->setSizes({640, 250});
    m_classes = new ClassesView;
    m_disagreements = new DisagreementsView;
    m_centerTabs = new QTabWidget;
    m_centerTabs->setDocumentMode(true);
    m_centerTabs->addTab(m_centerSplit, tr("&Curves"));
    m_centerTabs->addTab(m_classes, tr("C&lasses"));
    m_centerTabs->addTab(m_disagreements, tr("&Disagreements"));

    m_classify = new ClassifyPanel;
    auto* classifyBox = new QGroupBox(tr("Classify"));
    auto* classifyLayout = new QVBoxLayout(classifyBox);
    classifyLayout->setContentsMargins(4, 4, 4, 4);
    classifyLayout->addWidget(m_classify);
    classifyBox->setMinimumWidth(300);

    m_mainSplit = new QSplitter(Qt::Horizontal);
    m_mainSplit->addWidget(leftColumn);
    m_mainSplit->addWidget(m_centerTabs);
    m_mainSplit->addWidget(classifyBox);
    m_mainSplit->setStretchFactor(0, 0);
    m_mainSplit->setStretchFactor(1, 1);
    m_mainSplit->setStretchFactor(2, 0);
    m_mainSplit->setChildrenCollapsible(false);
    m_mainSplit->setSizes({400, 760, 340});
    setCentralWidget(m_mainSplit);

    m_progressText = new QLabel;
    m_progressBar = new QProgressBar;
    m_progressBar->setMaximumWidth(240);
    m_progressBar->setRange(0, 1000);
    m_progressBar->setTextVisible(false);
    statusBar()->addPermanentWidget(m_progressText);
    statusBar()->addPermanentWidget(m_progressBar);
    resize(1500, 940);
}

void MainWindow::buildMenus()
{
    buildFileMenu();
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* paste =
        edit->addAction(tr("&Paste image to classify"), this, [this] { pasteImage(); });
    paste->setShortcut(QKeySequence::Paste);
    QAction* defaults = edit->addAction(tr("Reset settings to &defaults"), this, [this] {
        const resdense::RunConfig fresh = resdense::default_experiment();
        m_panel->load(fresh);
        m_cards->reset(fresh);
        m_session->showCardNames();
        updateStartEnabled();
    });
    defaults->setToolTip(tr("Fashion-MNIST, ResNet-20 against DenseNet-BC (L=40, k=12)"));
    QMenu* recipes = menuBar()->addMenu(tr("&Recipes"));
    recipes->setToolTip(tr("Fill the experiment and both models with a known comparison"));
    recipes->addAction(tr("ResNet-20 vs DenseNet-BC-40, from scratch (default)"), this,
                       [this] { loadRecipe(QStringLiteral("default")); });
    recipes->addAction(tr("ResNet-18 vs DenseNet-121, pretrained (tutorial)"), this,
                       [this] { loadRecipe(QStringLiteral("tutorial")); });
    recipes->addAction(tr("ResNet-18 vs DenseNet-121, pretrained, linear probe (fast on a CPU)"),
                       this, [this] { loadRecipe(QStringLiteral("tutorial-probe")); });
    buildTrainingMenu();
    buildViewMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Diagnostics…"), this, &MainWindow::showDiagnostics);
    help->addAction(tr("&About ResDense Workbench"), this, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);

    QToolBar* bar = addToolBar(tr("Training"));
    bar->setObjectName(QStringLiteral("trainingToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({m_start, m_pause, m_stop, m_resume});
    bar->addSeparator();
    bar->addActions({m_openAction, m_exportSheet});
}

void MainWindow::buildFileMenu()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(QIcon::fromTheme(QStringLiteral("document-open"),
                                                    style()->standardIcon(QStyle::SP_DirOpenIcon)),
                                   tr("&Open run…"), this, &MainWindow::chooseRunToOpen);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setIconText(tr("Open run"));
    m_openAction->setToolTip(tr("Show a run folder written by this window or by the resdense "
                                "command"));
    m_recent = new RecentRuns(file->addMenu(tr("Open &recent")), this);
    QAction* classify =
        file->addAction(tr("&Classify images…"), m_classifyFlow, &ClassifyFlow::chooseFiles);
    classify->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    file->addSeparator();
    m_exportSheet = m_exports->addTo(file->addMenu(tr("&Export")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

void MainWindow::buildTrainingMenu()
{
    QStyle* st = style();
    QMenu* training = menuBar()->addMenu(tr("&Training"));
    m_start = training->addAction(st->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this,
                                  [this] { startTraining(); });
    m_start->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::Key_F5)});
    m_start->setToolTip(tr("Train the enabled models on the same batches (Ctrl+Enter)"));
    m_pause = training->addAction(st->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this,
                                  [this] { setPaused(state() != State::Paused); });
    m_pause->setShortcut(QKeySequence(Qt::Key_F6));
    m_stop = training->addAction(st->standardIcon(QStyle::SP_MediaStop), tr("S&top"), this,
                                 &MainWindow::stopTraining);
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setToolTip(tr("Stop after the current batch; the run stays resumable"));
    m_resume = training->addAction(st->standardIcon(QStyle::SP_MediaSeekForward), tr("&Resume run"),
                                   this, [this] { resumeRun(); });
    m_resume->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resume->setToolTip(tr("Continue the shown run from its last checkpoint"));
    training->addSeparator();
    m_openFolder = training->addAction(tr("Show run &folder"), this, [this] {
        if (!runDir().isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(runDir()));
    });
    connect(m_startButton, &QPushButton::clicked, m_start, &QAction::trigger);
}

void MainWindow::buildViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto layout = [this](bool sideBySide) {
        auto o = m_curves->options();
        o.sideBySide = sideBySide;
        m_curves->setOptions(o);
    };
    view->addAction(tr("&Overlaid curves"), this, [layout] { layout(false); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    view->addAction(tr("&Side by side"), this, [layout] { layout(true); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    view->addAction(tr("&Fit curves"), m_curves, &CurvesView::resetZoom)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    view->addSeparator();
    view->addAction(tr("F&ull screen"), this,
                    [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); })
        ->setShortcut(QKeySequence::FullScreen);
    view->addSeparator();
    buildLanguageMenu(view->addMenu(tr("&Language")));
}

// System, English, 简体中文: each language named in itself. The choice is stored and applies at
// the next start, which the window offers at once.
void MainWindow::buildLanguageMenu(QMenu* menu)
{
    auto* group = new QActionGroup(menu);
    const QString systemLanguage = QLocale::system().nativeLanguageName();
    const QString system =
        systemLanguage.isEmpty() ? tr("System") : tr("System (%1)").arg(systemLanguage);
    const std::pair<QString, QString> choices[] = {
        {QStringLiteral("system"), system},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
    const QString current = languageSetting();
    for (const auto& [code, name] : choices) {
        QAction* action = menu->addAction(name, this, [this, code] { chooseLanguage(code); });
        action->setCheckable(true);
        action->setChecked(code == current);
        action->setData(code);
        group->addAction(action);
    }
}

void MainWindow::chooseLanguage(const QString& language)
{
    if (language == languageSetting())
        return;
    setLanguageSetting(language);
    if (!m_interactive || effectiveLanguage(language) == activeLanguage())
        return;
    QMessageBox box(QMessageBox::Question, tr("Language"),
                    tr("The workbench shows the new language when it starts again. Restart "
                       "now? Settings are kept; a running training stops after the current batch "
                       "and stays resumable."),
                    QMessageBox::NoButton, this);
    QPushButton* now = box.addButton(tr("Restart now"), QMessageBox::AcceptRole);
    box.addButton(tr("Later"), QMessageBox::RejectRole);
    box.setDefaultButton(now);
    box.exec();
    if (box.clickedButton() != now)
        return;
    m_restartAfterClose = true;
    m_closing = m_session->isRunning(); // no "really quit?" question: the user asked for it
    close();
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplit->restoreState(s.value(QStringLiteral("window/mainSplit")).toByteArray());
    m_centerSplit->restoreState(s.value(QStringLiteral("window/centerSplit")).toByteArray());
    m_centerTabs->setCurrentIndex(s.value(QStringLiteral("window/centerTab"), 0).toInt());
    m_panel->setRunsFolder(s.value(QStringLiteral("runs/folder"), defaultRunsFolder()).toString());

    CurveOptions o;
    o.sideBySide = s.value(QStringLiteral("curves/sideBySide"), false).toBool();
    o.xAxis = static_cast<XAxis>(s.value(QStringLiteral("curves/xAxis"), 0).toInt());
    o.smoothing = static_cast<Smoothing>(s.value(QStringLiteral("curves/smoothing"), 1).toInt());
    o.strength = s.value(QStringLiteral("curves/strength"), 0.6).toDouble();
    o.logLoss = s.value(QStringLiteral("curves/logLoss"), false).toBool();
    m_curves->setOptions(o);

    const QString json = s.value(QStringLiteral("experiment/config")).toString();
    if (json.isEmpty())
        return;
    resdense::RunConfig stored;
    try {
        stored = resdense::run_config_from_json(json.toStdString());
        m_panel->load(stored);
    } catch (const resdense::Error&) {
        stored.slots.clear(); // settings from another version: keep the defaults
    }
    m_panel->setRepeats(s.value(QStringLiteral("experiment/repeats"), 1).toInt());
    m_cards->restore(s, stored);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/mainSplit"), m_mainSplit->saveState());
    s.setValue(QStringLiteral("window/centerSplit"), m_centerSplit->saveState());
    s.setValue(QStringLiteral("window/centerTab"), m_centerTabs->currentIndex());
    s.setValue(QStringLiteral("runs/folder"), m_panel->runsFolder());
    const CurveOptions o = m_curves->options();
    s.setValue(QStringLiteral("curves/sideBySide"), o.sideBySide);
    s.setValue(QStringLiteral("curves/xAxis"), static_cast<int>(o.xAxis));
    s.setValue(QStringLiteral("curves/smoothing"), static_cast<int>(o.smoothing));
    s.setValue(QStringLiteral("curves/strength"), o.strength);
    s.setValue(QStringLiteral("curves/logLoss"), o.logLoss);
    // Both cards are stored, switched on or not, so a card switched off keeps its settings.
    resdense::RunConfig c;
    m_panel->applyTo(c);
    c.slots = {m_cards->card(0)->slotConfig(), m_cards->card(1)->slotConfig()};
    s.setValue(QStringLiteral("experiment/config"), qs(resdense::to_json(c)));
    s.setValue(QStringLiteral("experiment/repeats"), m_panel->repeats());
    m_cards->save(s);
}

resdense::RunConfig MainWindow::currentConfig() const
{
    resdense::RunConfig c;
    m_panel->applyTo(c);
    c.slots = m_cards->enabledSlots();
    return c;
}

bool MainWindow::startTraining()
{
    updateStartEnabled();
    if (m_session->isRunning())
        return false;
    if (!m_startProblem.isEmpty()) {
        showError(tr("Cannot start"), m_startProblem);
        return false;
    }
    saveSettings();
    return m_session->start(currentConfig(), m_panel->runsFolder(), m_panel->repeats());
}

bool MainWindow::openRun(const QString& dir)
{
    return m_session->open(dir);
}

bool MainWindow::resumeRun()
{
    return m_session->resume();
}

void MainWindow::setPaused(bool paused)
{
    m_session->setPaused(paused);
}

void MainWindow::stopTraining()
{
    m_session->stop();
}

void MainWindow::classifyFiles(const QStringList& paths)
{
    m_classifyFlow->classifyFiles(paths);
}

bool MainWindow::pasteImage()
{
    return m_classifyFlow->paste();
}

QString MainWindow::exportChartTo(const QString& path, ChartPart part) const
{
    return m_exports->exportChartTo(path, part);
}

QString MainWindow::exportReportTo(const QString& path) const
{
    return m_exports->exportReportTo(path);
}

QString MainWindow::exportCsvTo(const QString& path, bool batches) const
{
    return m_exports->exportCsvTo(path, batches);
}

QString MainWindow::exportJsonTo(const QString& path) const
{
    return m_exports->exportJsonTo(path);
}

void MainWindow::chooseRunToOpen()
{
    QSettings settings;
    const QString key = QStringLiteral("dirs/runs");
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open run folder"), settings.value(key, m_panel->runsFolder()).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(key, QFileInfo(dir).absolutePath());
    openRun(dir);
}

void MainWindow::showState(State state)
{
    const bool busy = isBusy(state);
    if (state == State::Training)
        m_lastError.clear();
    if (state == State::Training)
        m_probe.reset();
    m_pause->setEnabled(state == State::Training || state == State::Paused);
    m_pause->setText(state == State::Paused ? tr("&Continue") : tr("&Pause"));
    m_pause->setIcon(style()->standardIcon(state == State::Paused ? QStyle::SP_MediaPlay
                                                                  : QStyle::SP_MediaPause));
    m_stop->setEnabled(state == State::Training || state == State::Paused);
    m_resume->setEnabled(m_session->canResume());
    m_openFolder->setEnabled(!runDir().isEmpty());
    m_panel->setEnabled(!busy);
    m_cards->setEnabled(!busy);
    updateStartEnabled();
    updateTitle(stateText(state));
    Q_EMIT stateChanged(state);
}

void MainWindow::updateTitle(const QString& state)
{
    // Qt appends the application's display name ("… — ResDense Workbench") itself.
    QString title = state;
    if (!runDir().isEmpty())
        title += QStringLiteral(" — ") + QFileInfo(runDir()).fileName();
    setWindowTitle(title);
}

void MainWindow::showProgress(const QString& text, double fraction)
{
    m_progressBar->setValue(static_cast<int>(std::lround(fraction * m_progressBar->maximum())));
    m_progressText->setText(text);
    if (state() == State::Training)
        updateTitle(tr("Training %1 %").arg(std::lround(fraction * 100)));
}

void MainWindow::updateStartEnabled()
{
    const bool busy = isBusy(state()) || m_session->isRunning();
    QString problem = m_cards->problem();
    if (problem.isEmpty())
        problem = m_panel->problem();
    if (problem.isEmpty()) {
        if (const auto why = resdense::check(currentConfig()))
            problem = problemText(*why);
    }
    m_startProblem = problem;
    m_problemLabel->setText(busy ? QString() : problem);
    m_problemLabel->setVisible(!busy && !problem.isEmpty());
    m_start->setEnabled(!busy && problem.isEmpty());
    m_startButton->setEnabled(m_start->isEnabled());
    m_startButton->setToolTip(problem);
}

void MainWindow::showMessage(const QString& text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::showError(const QString& title, const QString& text)
{
    m_lastError = text;
    statusBar()->showMessage(text, 10000);
    if (!m_interactive)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showDiagnostics()
{
    const QString text =
        tr("<p>Event loop lateness of a 10 ms timer since the last start (%1 samples): "
           "median %2 ms, 99th percentile %3 ms, worst %4 ms.</p>"
           "<p>ResDense %5 · LibTorch %6 · OpenCV %7 · Qt %8<br>CUDA: %9 · training threads by "
           "default: %10</p>")
            .arg(m_probe.samples())
            .arg(formatNumber(m_probe.percentileMs(50), 1),
                 formatNumber(m_probe.percentileMs(99), 1), formatNumber(m_probe.maxMs(), 1),
                 qs(resdense::version()), qs(resdense::torch_version()),
                 resdense::opencv_version().empty() ? tr("built without")
                                                    : qs(resdense::opencv_version()),
                 QString::fromLatin1(qVersion()),
                 resdense::cuda_available() ? tr("available") : tr("not available"))
            .arg(resdense::default_threads());
    QMessageBox::information(this, tr("Diagnostics"), text);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About ResDense Workbench"),
        tr("<h3>ResDense Workbench %1</h3><p>Train ResNet and DenseNet image classifiers on the "
           "same batches and compare them as they learn.</p><p>Models after He et al. (2016) "
           "and Huang et al. (2017); LibTorch %2, Qt %3, QCustomPlot.</p>")
            .arg(qs(resdense::version()), qs(resdense::torch_version()),
                 QString::fromLatin1(qVersion())));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (m_classifyFlow->accepts(event->mimeData()))
        event->acceptProposedAction();
}

// Image files are classified; a run folder is opened; anything else gets a message.
void MainWindow::dropEvent(QDropEvent* event)
{
    m_classifyFlow->drop(event->mimeData());
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_session->isRunning()) {
        if (!m_closing && m_interactive) {
            const auto answer = QMessageBox::question(
                this, tr("Training is running"),
                tr("Stop training and quit? Everything up to the current batch is saved in %1 "
                   "and can be resumed later (Training → Resume run).")
                    .arg(QDir::toNativeSeparators(runDir())),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
        }
        // The trainer stops at the next batch boundary and writes its checkpoint; the window
        // closes when the thread reports back.
        m_closing = true;
        m_session->stop(/*forGood=*/true);
        event->ignore();
        return;
    }
    saveSettings();
    m_probe.stop();
    event->accept();
    if (m_restartAfterClose) {
        // The same program again, showing the run on screen (not training it).
        QStringList arguments;
        if (!runDir().isEmpty())
            arguments << runDir();
        QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments);
    }
}

} // namespace resdense::ui
