#pragma once

#include <memory>

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QTest>
#include <QUrl>

#include "experiment_panel.h"
#include "main_window.h"
#include "model_card.h"
#include "resdense/model_spec.h"

namespace resdense::ui::test {

// A window set up for a run of seconds: the generated shapes dataset at 16 px, gray, a small
// ResNet against a small DenseNet-BC; runs go to `runs`. No dialogs.
inline void configureTinyRun(MainWindow& w, const QString& runs, int images = 160, int epochs = 2,
                             int batch = 20)
{
    w.setInteractive(false);
    ExperimentPanel* p = w.experimentPanel();
    p->setRunsFolder(runs);
    resdense::RunConfig c = w.currentConfig();
    c.dataset.spec = "shapes";
    c.dataset.image_size = 16;
    c.dataset.channels = 1;
    c.dataset.limit = images;
    c.dataset.val_fraction = 0.25;
    c.augment = {};
    c.epochs = epochs;
    c.batch_size = batch;
    // One thread: ctest runs two tests at once on a 2-core machine, and with two threads each
    // oneDNN's bf16 kernels spin at their barriers while the other process holds the core
    // (measured: a tiny duel took 8.7 s instead of 1.1 s).
    c.threads = 1;
    p->load(c);
    p->setRepeats(1); // the settings may remember another test's repeats
    resdense::SlotConfig a = w.card(0)->slotConfig();
    a.model = resdense::model_spec("cifar-resnet");
    a.model.depth = 8;
    a.optimizer.lr = 0.05;
    w.card(0)->load(a);
    resdense::SlotConfig b = w.card(1)->slotConfig();
    b.model = resdense::model_spec("densenet-bc");
    b.model.depth = 16;
    b.optimizer.lr = 0.05;
    w.card(1)->load(b);
    w.card(0)->setChecked(true);
    w.card(1)->setChecked(true);
}

// The background dataset check has run (Start reflects its verdict).
inline bool waitForDataset(const MainWindow& w, int ms = 20000)
{
    return QTest::qWaitFor([&] { return !w.datasetPending(); }, ms);
}

// The first n bytes of a file (to check an export's format).
inline QByteArray head(const QString& path, int n)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}

// Drops urls on a widget as a file manager would.
inline void drop(QWidget* target, const QList<QUrl>& urls)
{
    QMimeData mime;
    mime.setUrls(urls);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &event);
}

// The suites, each defined in its own file.
std::unique_ptr<QObject> makeBasics();
std::unique_ptr<QObject> makeConfiguration();
std::unique_ptr<QObject> makeTraining();
std::unique_ptr<QObject> makeLanguage();
std::unique_ptr<QObject> makeInsight();

} // namespace resdense::ui::test
