#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include "classify_panel.h"
#include "comparison_table.h"
#include "curves_view.h"
#include "experiment_panel.h"
#include "model_card.h"
#include "resdense/build_info.h"
#include "resdense/error.h"
#include "resdense/experiments.h"
#include "snapshot_classifiers.h"
#include "text_format.h"
#include "training_controller.h"

namespace resdense::ui {

namespace {
constexpr int kMaxRecent = 8;

QString defaultRunsFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/runs");
}
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    m_clock.start();
    m_controller = new TrainingController(this);
    m_classifiers = new SnapshotClassifiers(this);
    buildLayout();
    buildMenus();

    connect(m_controller, &TrainingController::started, this, &MainWindow::onStarted);
    connect(m_controller, &TrainingController::batchDone, this, &MainWindow::onBatch);
    connect(m_controller, &TrainingController::epochDone, this, &MainWindow::onEpoch);
    connect(m_controller, &TrainingController::slotStatusChanged, this, &MainWindow::onSlotStatus);
    connect(m_controller, &TrainingController::checkpointWritten, this, &MainWindow::onCheckpoint);
    connect(m_controller, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &TrainingController::failed, this, &MainWindow::onFailed);
    connect(m_controller, &TrainingController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(m_controller, &TrainingController::stoppedRunning, this, &MainWindow::onStoppedRunning);
    connect(m_classifiers, &SnapshotClassifiers::classified, this, &MainWindow::onClassified);
    connect(m_classifiers, &SnapshotClassifiers::snapshotLoaded, this, [this] {
        QStringList ready;
        for (int s = 0; s < 2; ++s)
            if (m_classifiers->hasModel(s))
                ready << m_classifiers->modelName(s);
        m_classify->setSnapshotState(tr("Classifying with: %1").arg(ready.join(tr(", "))));
    });
    connect(m_classifiers, &SnapshotClassifiers::snapshotFailed, this,
            [this](int slot, const QString& error) {
                m_classify->setSnapshotState(
                    tr("Model %1 cannot classify: %2").arg(slot == 0 ? tr("A") : tr("B"), error));
            });

    m_datasetDebounce.setSingleShot(true);
    m_datasetDebounce.setInterval(250);
    connect(&m_datasetDebounce, &QTimer::timeout, this, &MainWindow::loadDatasetInfo);
    connect(m_panel, &ExperimentPanel::datasetChanged, this, [this] {
        m_panel->setDatasetInfo(tr("Reading the dataset…"), true);
        m_datasetDebounce.start();
    });
    connect(m_panel, &ExperimentPanel::changed, this, [this] {
        for (ModelCard* card : m_cards)
            card->setBatchSize(m_panel->batchSizeSpin()->value());
        updateStartEnabled();
    });
    for (int s = 0; s < 2; ++s) {
        connect(m_cards[s], &ModelCard::changed, this, [this] {
            updateStartEnabled();
            refreshModelNames();
        });
        // Counting parameters takes a moment; a run started (or opened) meanwhile still gets
        // the numbers, as long as the card still describes the run's model.
        connect(m_cards[s], &ModelCard::summaryReady, this, [this, s] {
            if (m_state != State::Ready && m_cards[s]->isChecked() && cardMatchesRun(s))
                m_table->setModel(s, m_store.modelName(s), m_cards[s]->summary(), true);
        });
    }

    restoreSettings();
    refreshModelNames();
    m_classify->setSnapshotState(tr("No trained model yet."));
    m_datasetDebounce.start();
    setState(State::Ready);
    m_probe.start();
}

MainWindow::~MainWindow() = default;

int MainWindow::cardOfSlot(const std::string& name, int index)
{
    return name == "b" ? 1 : name == "a" ? 0 : index % 2;
}

bool MainWindow::cardMatchesRun(int card) const
{
    for (std::size_t i = 0; i < m_runConfig.slots.size() && i < m_slotOf.size(); ++i) {
        if (m_slotOf[i] != card)
            continue;
        resdense::ModelSpec run = m_runConfig.slots[i].model;
        const resdense::ModelSpec shown = m_cards[card]->slotConfig().model;
        run.in_channels = shown.in_channels; // the engine fits these to the data
        run.num_classes = shown.num_classes;
        return run == shown;
    }
    return false;
}

void MainWindow::buildLayout()
{
    m_panel = new ExperimentPanel;
    const resdense::RunConfig defaults = resdense::default_experiment();
    m_cards = {new ModelCard(defaults.slots[0]), new ModelCard(defaults.slots[1])};

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_panel);
    leftLayout->addWidget(m_cards[0]);
    leftLayout->addWidget(m_cards[1]);
    leftLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(left->sizeHint().width() + 24);

    auto* leftColumn = new QWidget;
    auto* leftColumnLayout = new QVBoxLayout(leftColumn);
    leftColumnLayout->setContentsMargins(0, 0, 0, 0);
    leftColumnLayout->addWidget(scroll, 1);
    m_problemLabel = new QLabel;
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    leftColumnLayout->addWidget(m_problemLabel);
    m_startButton = new QPushButton(tr("Start training"));
    m_startButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_startButton->setMinimumHeight(36);
    leftColumnLayout->addWidget(m_startButton);

    m_curves = new CurvesView(m_store);
    m_table = new ComparisonTable;
    m_centerSplit = new QSplitter(Qt::Vertical);
    m_centerSplit->addWidget(m_curves);
    m_centerSplit->addWidget(m_table);
    m_centerSplit->setStretchFactor(0, 3);
    m_centerSplit->setStretchFactor(1, 2);
    m_centerSplit->setSizes({640, 250});

    m_classify = new ClassifyPanel;
    auto* classifyBox = new QGroupBox(tr("Classify"));
    auto* classifyLayout = new QVBoxLayout(classifyBox);
    classifyLayout->setContentsMargins(4, 4, 4, 4);
    classifyLayout->addWidget(m_classify);
    classifyBox->setMinimumWidth(300);

    m_mainSplit = new QSplitter(Qt::Horizontal);
    m_mainSplit->addWidget(leftColumn);
    m_mainSplit->addWidget(m_centerSplit);
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
    QStyle* st = style();
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(
        QIcon::fromTheme(QStringLiteral("document-open"), st->standardIcon(QStyle::SP_DirOpenIcon)),
        tr("&Open run…"), this, &MainWindow::chooseRunToOpen);
    open->setShortcut(QKeySequence::Open);
    open->setIconText(tr("Open run"));
    open->setToolTip(tr("Show a run folder written by this window or by the resdense command"));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    QAction* classify =
        file->addAction(tr("&Classify images…"), this, &MainWindow::chooseImagesToClassify);
    classify->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    QAction* sheet = exportMenu->addAction(tr("Comparison &sheet (PNG, PDF, SVG)…"), this,
                                           [this] { exportChartDialog(ChartPart::Sheet); });
    sheet->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    sheet->setIconText(tr("Export"));
    sheet->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as"),
                                    st->standardIcon(QStyle::SP_DialogSaveButton)));
    m_exportActions << sheet << exportMenu->addAction(tr("&Loss chart…"), this, [this] {
        exportChartDialog(ChartPart::Loss);
    }) << exportMenu->addAction(tr("&Accuracy chart…"), this, [this] {
        exportChartDialog(ChartPart::Accuracy);
    });
    exportMenu->addSeparator();
    m_exportActions << exportMenu->addAction(tr("&Epoch metrics as CSV…"), this, [this] {
        exportDataDialog(0);
    }) << exportMenu->addAction(tr("&Batch metrics as CSV…"), this, [this] {
        exportDataDialog(1);
    }) << exportMenu->addAction(tr("All metrics as &JSON…"), this, [this] { exportDataDialog(2); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* paste =
        edit->addAction(tr("&Paste image to classify"), this, [this] { pasteImage(); });
    paste->setShortcut(QKeySequence::Paste);
    QAction* defaults = edit->addAction(tr("Reset settings to &defaults"), this, [this] {
        const resdense::RunConfig fresh = resdense::default_experiment();
        m_panel->load(fresh);
        m_cards[0]->load(fresh.slots[0]);
        m_cards[1]->load(fresh.slots[1]);
        m_cards[0]->setChecked(true);
        m_cards[1]->setChecked(true);
    });
    defaults->setToolTip(tr("Fashion-MNIST, ResNet-20 against DenseNet-BC (L=40, k=12)"));

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    m_start = training->addAction(st->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this,
                                  [this] { startTraining(); });
    m_start->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::Key_F5)});
    m_start->setToolTip(tr("Train the enabled models on the same batches (Ctrl+Enter)"));
    m_pause = training->addAction(st->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this,
                                  [this] { setPaused(m_state != State::Paused); });
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
        if (!m_runDir.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(m_runDir));
    });
    connect(m_startButton, &QPushButton::clicked, m_start, &QAction::trigger);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* overlay = view->addAction(tr("&Overlaid curves"), this, [this] {
        auto o = m_curves->options();
        o.sideBySide = false;
        m_curves->setOptions(o);
    });
    overlay->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* sideBySide = view->addAction(tr("&Side by side"), this, [this] {
        auto o = m_curves->options();
        o.sideBySide = true;
        m_curves->setOptions(o);
    });
    sideBySide->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction* fit = view->addAction(tr("&Fit curves"), m_curves, &CurvesView::resetZoom);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    view->addSeparator();
    QAction* full = view->addAction(
        tr("F&ull screen"), this, [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    full->setShortcut(QKeySequence::FullScreen);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Diagnostics…"), this, &MainWindow::showDiagnostics);
    help->addAction(tr("&About ResDense Workbench"), this, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);

    QToolBar* bar = addToolBar(tr("Training"));
    bar->setObjectName(QStringLiteral("trainingToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_start);
    bar->addAction(m_pause);
    bar->addAction(m_stop);
    bar->addAction(m_resume);
    bar->addSeparator();
    bar->addAction(open);
    bar->addAction(sheet);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplit->restoreState(s.value(QStringLiteral("window/mainSplit")).toByteArray());
    m_centerSplit->restoreState(s.value(QStringLiteral("window/centerSplit")).toByteArray());
    m_panel->setRunsFolder(s.value(QStringLiteral("runs/folder"), defaultRunsFolder()).toString());
    m_recentRuns = s.value(QStringLiteral("runs/recent")).toStringList();
    updateRecentMenu();

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
    try {
        const resdense::RunConfig c = resdense::run_config_from_json(json.toStdString());
        m_panel->load(c);
        for (const auto& slot : c.slots)
            m_cards[cardOfSlot(slot.name, 0)]->load(slot);
    } catch (const resdense::Error&) {
        // Settings from another version: keep the defaults.
    }
    m_panel->setRepeats(s.value(QStringLiteral("experiment/repeats"), 1).toInt());
    m_cards[0]->setChecked(s.value(QStringLiteral("experiment/aEnabled"), true).toBool());
    m_cards[1]->setChecked(s.value(QStringLiteral("experiment/bEnabled"), true).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/mainSplit"), m_mainSplit->saveState());
    s.setValue(QStringLiteral("window/centerSplit"), m_centerSplit->saveState());
    s.setValue(QStringLiteral("runs/folder"), m_panel->runsFolder());
    s.setValue(QStringLiteral("runs/recent"), m_recentRuns);
    const CurveOptions o = m_curves->options();
    s.setValue(QStringLiteral("curves/sideBySide"), o.sideBySide);
    s.setValue(QStringLiteral("curves/xAxis"), static_cast<int>(o.xAxis));
    s.setValue(QStringLiteral("curves/smoothing"), static_cast<int>(o.smoothing));
    s.setValue(QStringLiteral("curves/strength"), o.strength);
    s.setValue(QStringLiteral("curves/logLoss"), o.logLoss);
    // Both cards are stored, switched on or not, so a card switched off keeps its settings.
    resdense::RunConfig c;
    m_panel->applyTo(c);
    c.slots = {m_cards[0]->slotConfig(), m_cards[1]->slotConfig()};
    s.setValue(QStringLiteral("experiment/config"), qs(resdense::to_json(c)));
    s.setValue(QStringLiteral("experiment/repeats"), m_panel->repeats());
    s.setValue(QStringLiteral("experiment/aEnabled"), m_cards[0]->isChecked());
    s.setValue(QStringLiteral("experiment/bEnabled"), m_cards[1]->isChecked());
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    for (const QString& dir : m_recentRuns)
        m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openRun(dir); });
    m_recentMenu->setEnabled(!m_recentRuns.isEmpty());
}

void MainWindow::addRecentRun(const QString& dir)
{
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m_recentRuns.removeAll(clean);
    m_recentRuns.prepend(clean);
    while (m_recentRuns.size() > kMaxRecent)
        m_recentRuns.removeLast();
    updateRecentMenu();
    QSettings().setValue(QStringLiteral("runs/recent"), m_recentRuns);
}

void MainWindow::setState(State state)
{
    m_state = state;
    const bool busy =
        state == State::Training || state == State::Paused || state == State::Stopping;
    m_pause->setEnabled(state == State::Training || state == State::Paused);
    m_pause->setText(state == State::Paused ? tr("&Continue") : tr("&Pause"));
    m_pause->setIcon(style()->standardIcon(state == State::Paused ? QStyle::SP_MediaPlay
                                                                  : QStyle::SP_MediaPause));
    m_stop->setEnabled(state == State::Training || state == State::Paused);
    m_resume->setEnabled(!busy && !m_runDir.isEmpty() && (!m_summary || !m_summary->completed));
    m_openFolder->setEnabled(!m_runDir.isEmpty());
    m_panel->setEnabled(!busy);
    for (ModelCard* card : m_cards)
        card->setEnabled(!busy);
    updateStartEnabled();
    updateTitle();
    Q_EMIT stateChanged(state);
}

void MainWindow::updateTitle()
{
    QString state;
    switch (m_state) {
    case State::Ready: state = tr("Ready"); break;
    case State::Training: state = tr("Training"); break;
    case State::Paused: state = tr("Paused"); break;
    case State::Stopping: state = tr("Stopping…"); break;
    case State::Finished: state = tr("Finished"); break;
    case State::Stopped: state = tr("Stopped (resumable)"); break;
    case State::Failed: state = tr("Failed"); break;
    case State::Opened: state = tr("Run opened"); break;
    }
    // Qt appends the application's display name ("… — ResDense Workbench") itself.
    QString title = state;
    if (!m_runDir.isEmpty())
        title += QStringLiteral(" — ") + QFileInfo(m_runDir).fileName();
    setWindowTitle(title);
}

void MainWindow::updateStartEnabled()
{
    QString problem;
    const bool busy = m_state == State::Training || m_state == State::Paused ||
                      m_state == State::Stopping || m_controller->isRunning();
    if (!m_cards[0]->isChecked() && !m_cards[1]->isChecked())
        problem = tr("Switch on at least one model.");
    for (int s = 0; s < 2 && problem.isEmpty(); ++s)
        if (m_cards[s]->isChecked() && !m_cards[s]->problem().isEmpty())
            problem = tr("Model %1: %2").arg(s == 0 ? tr("A") : tr("B"), m_cards[s]->problem());
    if (problem.isEmpty())
        problem = m_panel->problem();
    if (problem.isEmpty()) {
        if (const auto why = resdense::check(currentConfig()))
            problem = qs(why->message);
    }
    m_startProblem = problem;
    m_problemLabel->setText(busy ? QString() : problem);
    m_problemLabel->setVisible(!busy && !problem.isEmpty());
    m_start->setEnabled(!busy && problem.isEmpty());
    m_startButton->setEnabled(m_start->isEnabled());
    m_startButton->setToolTip(problem);
}

void MainWindow::refreshModelNames()
{
    std::array<QString, 2> names;
    for (int s = 0; s < 2; ++s)
        names[s] = m_cards[s]->displayName();
    if (m_state == State::Ready) {
        m_curves->setModelNames(names);
        for (int s = 0; s < 2; ++s) {
            m_store.setModelName(s, names[s]);
            m_table->setModel(s, names[s], m_cards[s]->summary(), m_cards[s]->isChecked());
        }
        m_classify->setModelNames(names);
    }
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

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_controller->isRunning()) {
        if (!m_closing && m_interactive) {
            const auto answer = QMessageBox::question(
                this, tr("Training is running"),
                tr("Stop training and quit? Everything up to the current batch is saved in %1 "
                   "and can be resumed later (Training → Resume run).")
                    .arg(QDir::toNativeSeparators(m_runDir)),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
        }
        // The trainer stops at the next batch boundary and writes its checkpoint; the window
        // closes when the thread reports back (onStoppedRunning).
        m_closing = true;
        stopTraining();
        event->ignore();
        return;
    }
    saveSettings();
    m_probe.stop();
    event->accept();
}

} // namespace resdense::ui
