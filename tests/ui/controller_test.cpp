// The GUI's training controller alone (ui/training_controller.h), without a window: start, pause,
// snapshot, resume, stop, resume a run folder, a failure, destruction mid-run, and many quick
// start/stop cycles. Its own executable (controller_tests), built from the controller's sources
// and Qt Core only, so that tools/tsan.sh can build it under ThreadSanitizer too (issue 20).
#include <array>
#include <memory>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "metric_types.h"
#include "resdense/model_spec.h"
#include "resdense/run_config.h"
#include "training_controller.h"

using namespace resdense::ui;

namespace {

resdense::SlotConfig slot(const char* name, const char* family, int depth)
{
    resdense::SlotConfig s;
    s.name = name;
    s.model = resdense::model_spec(family);
    s.model.depth = depth;
    return s;
}

// Seconds of training: the generated shapes at 16 px, ResNet-8 against DenseNet-BC-16.
resdense::RunConfig tinyRun(int epochs)
{
    resdense::RunConfig c;
    c.dataset.spec = "shapes:120";
    c.dataset.val_fraction = 0.25;
    c.dataset.image_size = 16;
    c.dataset.test_limit = 30;
    c.epochs = epochs;
    c.batch_size = 15;
    c.seed = 5;
    c.threads = 1;
    c.val_every = 0;
    c.slots = {slot("a", "cifar-resnet", 8), slot("b", "densenet-bc", 16)};
    return c;
}

// Epoch lines per slot among the spy's epochDone signals.
std::array<int, 2> epochsPerSlot(const QSignalSpy& spy)
{
    std::array<int, 2> n{0, 0};
    for (const QList<QVariant>& args : spy)
        ++n.at(static_cast<std::size_t>(args.at(0).value<resdense::EpochMetrics>().slot));
    return n;
}

} // namespace

class Controller : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetricTypes(); }

    // Pause holds the batches; a snapshot is written while paused; resume runs to the end, and
    // every report arrives on the GUI thread in order, the last one stoppedRunning.
    void pauseSnapshotAndFinish()
    {
        QTemporaryDir dir;
        TrainingController c;
        QSignalSpy batches(&c, &TrainingController::batchDone);
        QSignalSpy epochs(&c, &TrainingController::epochDone);
        QSignalSpy checkpoints(&c, &TrainingController::checkpointWritten);
        QSignalSpy finished(&c, &TrainingController::finished);
        QSignalSpy failed(&c, &TrainingController::failed);
        QSignalSpy stopped(&c, &TrainingController::stoppedRunning);
        bool orderKept = true;
        connect(&c, &TrainingController::batchDone, this, [&] {
            orderKept = orderKept && stopped.isEmpty() && finished.isEmpty();
            QVERIFY(QThread::currentThread() == QCoreApplication::instance()->thread());
        });
        c.start(tinyRun(2), dir.filePath(QStringLiteral("run")));
        QVERIFY(c.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty(), 60000);
        c.setPaused(true);
        c.requestSnapshot();
        auto snapshots = [&] {
            int n = 0;
            for (const QList<QVariant>& args : checkpoints)
                n += args.at(1).toString().endsWith(QStringLiteral("-snapshot.pt"));
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(snapshots(), 2, 30000);
        // Paused: at most the batch that was under way when asked, then nothing.
        QTest::qWait(200);
        const auto held = batches.count();
        QTest::qWait(400);
        QCOMPARE(batches.count(), held);
        c.setPaused(false);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][0].toString()));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(epochsPerSlot(epochs), (std::array<int, 2>{2, 2}));
        QVERIFY(orderKept);
        QVERIFY(!c.isRunning());
    }

    // Stop after the first epoch, then resume the folder: three epochs in all for each model.
    void stopThenResume()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        TrainingController c;
        QSignalSpy epochs(&c, &TrainingController::epochDone);
        QSignalSpy finished(&c, &TrainingController::finished);
        QSignalSpy failed(&c, &TrainingController::failed);
        QSignalSpy stopped(&c, &TrainingController::stoppedRunning);
        connect(&c, &TrainingController::epochDone, &c, [&c] { c.stop(); });
        c.start(tinyRun(3), run);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 120000);
        QVERIFY(failed.isEmpty());
        const auto first = epochsPerSlot(epochs);
        QVERIFY(first[0] >= 1 && first[0] < 3);
        disconnect(&c, &TrainingController::epochDone, &c, nullptr);
        c.resume(run);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 2, 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][0].toString()));
        QCOMPARE(epochsPerSlot(epochs), (std::array<int, 2>{3, 3}));
        QVERIFY(!finished.isEmpty());
    }

    // A run that cannot start arrives as failed(message), then stoppedRunning; the controller
    // takes the next run.
    void failureIsASignalAndTheNextRunStarts()
    {
        QTemporaryDir dir;
        TrainingController c;
        QSignalSpy failed(&c, &TrainingController::failed);
        QSignalSpy stopped(&c, &TrainingController::stoppedRunning);
        resdense::RunConfig bad = tinyRun(1);
        bad.dataset.spec = dir.filePath(QStringLiteral("no-such-dataset")).toStdString();
        c.start(bad, dir.filePath(QStringLiteral("bad")));
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 60000);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!failed[0][0].toString().isEmpty());
        QVERIFY(!c.isRunning());
        c.start(tinyRun(1), dir.filePath(QStringLiteral("good")));
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 2, 120000);
        QCOMPARE(failed.count(), 1);
    }

    // Closing the window mid-run: the destructor stops the trainer and joins its thread.
    void destroyedWhileTraining()
    {
        QTemporaryDir dir;
        auto c = std::make_unique<TrainingController>();
        QSignalSpy batches(c.get(), &TrainingController::batchDone);
        c->start(tinyRun(20), dir.filePath(QStringLiteral("run")));
        QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty(), 60000);
        QElapsedTimer timer;
        timer.start();
        c.reset();
        QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
        // The stop wrote a resumable checkpoint for each model.
        const QDir models(dir.filePath(QStringLiteral("run/models")));
        QCOMPARE(models.entryList({QStringLiteral("*-last.pt")}, QDir::Files).size(), 2);
    }

    // Start and stop at once, many times: no lost wake-up, no hang, one stoppedRunning each.
    void quickStartStopCycles()
    {
        QTemporaryDir dir;
        TrainingController c;
        QSignalSpy stopped(&c, &TrainingController::stoppedRunning);
        const int cycles = 12;
        for (int i = 0; i < cycles; ++i) {
            c.start(tinyRun(1), dir.filePath(QStringLiteral("run%1").arg(i)));
            if (i % 2 == 1) {
                c.setPaused(true);
                c.requestSnapshot();
            }
            c.stop();
            QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), i + 1, 60000);
            QVERIFY(!c.isRunning());
        }
    }
};

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    Controller test;
    return QTest::qExec(&test, argc, argv);
}

#include "controller_test.moc"
