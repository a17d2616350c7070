// The Training suite of the workbench's Qt Test suites (ui_tests Training).
#include <cstring>

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "chart_export.h"
#include "classify_panel.h"
#include "comparison_table.h"
#include "curves_view.h"
#include "experiment_panel.h"
#include "main_window.h"
#include "metric_types.h"
#include "metrics_store.h"
#include "model_card.h"
#include "prediction_view.h"
#include "progress_estimate.h"
#include "resdense/build_info.h"
#include "resdense/trainer.h"
#include "snapshot_classifiers.h"
#include "training_controller.h"
#include "ui_test_support.h"

using namespace resdense::ui;
using namespace resdense::ui::test;

// A real (tiny) run through the window: curves, table, classification, exports, reopening.
class Training : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Repeats: one seed after the other, then bands over them, mean ± std in the table and the
    // paired t-test's verdict; the repeats folder opens again with the same.
    void repeatsShowBandsAndTheVerdictAcrossSeeds()
    {
        QTemporaryDir runs;
        MainWindow w;
        configureTinyRun(w, runs.path(), 120, 1);
        w.experimentPanel()->setRepeats(2);
        QVERIFY(waitForDataset(w));
        QVERIFY2(w.startTraining(), qPrintable(w.lastError()));
        const QString root = QFileInfo(w.runDir()).path(); // runDir is root/seed-0
        QVERIFY(QFile::exists(QDir(root).filePath(QStringLiteral("repeats.json"))));
        QTRY_VERIFY_WITH_TIMEOUT(w.state() == MainWindow::State::Finished &&
                                     w.runDir().endsWith(QStringLiteral("seed-1")),
                                 180000);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.store().repeatCount(), 2);
        for (int s = 0; s < 2; ++s) {
            const Band band = w.store().band(s, Metric::Accuracy, XAxis::Epoch);
            QCOMPARE(band.runs, 2);
            QCOMPARE(band.x.size(), std::size_t(1)); // one epoch
            QVERIFY(band.low[0] <= band.mean[0] && band.mean[0] <= band.high[0]);
            QTRY_VERIFY_WITH_TIMEOUT(
                w.table()->text(ComparisonTable::TestAccuracy, s).contains(QStringLiteral("±")),
                20000);
        }
        const QString verdict = w.table()->text(ComparisonTable::Significance, 0);
        QVERIFY2(verdict != QStringLiteral("–") && !verdict.isEmpty(), qPrintable(verdict));

        MainWindow again;
        again.setInteractive(false);
        QVERIFY(again.openRun(root));
        QCOMPARE(again.store().repeatCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(again.table()->text(ComparisonTable::Significance, 0) == verdict,
                                 20000);
    }

    // Regression: building models for the cards' summaries on the thread pool consumed the
    // generator training's dropout drew from. A window's run with dropout equals the engine's own
    // run of the same config (what `resdense duel` runs), while the cards are being edited.
    void dropoutRunEqualsTheEnginesRun()
    {
        QTemporaryDir runs;
        MainWindow w;
        configureTinyRun(w, runs.path(), 120, 1);
        resdense::SlotConfig b = w.card(1)->slotConfig();
        b.model.dropout = 0.3;
        w.card(1)->load(b);
        QVERIFY(waitForDataset(w));
        const resdense::RunConfig config = w.currentConfig();
        QVERIFY2(w.startTraining(), qPrintable(w.lastError()));
        for (int depth : {10, 14, 8}) { // summaries rebuilt while it trains
            resdense::SlotConfig a = w.card(0)->slotConfig();
            a.model.depth = depth;
            w.card(0)->load(a);
            QTest::qWait(50);
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.state() == MainWindow::State::Finished, 180000);
        struct Losses : resdense::TrainSink {
            std::vector<double> b;
            void on_batch(const resdense::BatchMetrics& m) override
            {
                if (m.slot == 1)
                    b.push_back(m.loss);
            }
        } engine;
        resdense::train(config, "", engine);
        std::vector<double> window;
        for (const auto& m : w.store().batches(1))
            window.push_back(m.loss);
        QCOMPARE(window.size(), std::size_t(5)); // 90 training images in batches of 20
        QVERIFY(window == engine.b);
    }

    void tinyRunFillsCurvesTableAndClassifies()
    {
        QTemporaryDir runs;
        MainWindow w;
        configureTinyRun(w, runs.path());
        QVERIFY(waitForDataset(w));
        QVERIFY2(w.startTraining(), qPrintable(w.lastError()));
        QCOMPARE(w.state(), MainWindow::State::Training);
        QVERIFY(!w.experimentPanel()->isEnabled()); // no edits while it trains
        QTRY_VERIFY_WITH_TIMEOUT(w.state() == MainWindow::State::Finished, 180000);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));

        // Both models' curves got points: 120 training images / 20 = 6 batches x 2 epochs.
        QCOMPARE(w.store().batches(0).size(), std::size_t(12));
        QCOMPARE(w.store().batches(1).size(), std::size_t(12));
        w.curves()->refreshNow();
        for (int s = 0; s < 2; ++s) {
            QCOMPARE(w.curves()->sheet().trainPoints(s, Metric::Loss), 12);
            QCOMPARE(w.curves()->sheet().validationPoints(s, Metric::Accuracy), 2);
        }
        // ... in both views.
        auto o = w.curves()->options();
        o.sideBySide = true;
        o.xAxis = XAxis::WallTime;
        w.curves()->setOptions(o);
        QCOMPARE(w.curves()->sheet().rects().size(), std::size_t(4));
        QCOMPARE(w.curves()->sheet().trainPoints(1, Metric::Accuracy), 12);

        // The table is filled for both.
        for (int s = 0; s < 2; ++s) {
            for (auto row : {ComparisonTable::Parameters, ComparisonTable::Macs,
                             ComparisonTable::BestValidation, ComparisonTable::TestAccuracy,
                             ComparisonTable::EpochTime, ComparisonTable::TrainSpeed,
                             ComparisonTable::InferenceLatency, ComparisonTable::PeakMemory})
                QVERIFY2(w.table()->text(row, s) != QStringLiteral("–"),
                         qPrintable(QStringLiteral("row %1 slot %2").arg(row).arg(s)));
            QVERIFY(
                w.table()->text(ComparisonTable::Status, s).startsWith(QStringLiteral("finished")));
        }
        QVERIFY(QFile::exists(QDir(w.runDir()).filePath(QStringLiteral("summary.json"))));

        // A dropped PNG gets two top-5 lists.
        QTRY_VERIFY_WITH_TIMEOUT(w.classifiers()->hasModel(0) && w.classifiers()->hasModel(1),
                                 20000);
        QTemporaryDir files;
        QImage image(16, 16, QImage::Format_Grayscale8);
        image.fill(0);
        for (int i = 4; i < 12; ++i)
            for (int j = 4; j < 12; ++j)
                image.setPixel(i, j, qRgb(255, 255, 255));
        const QString png = files.filePath(QStringLiteral("square.png"));
        QVERIFY(image.save(png));
        drop(&w, {QUrl::fromLocalFile(png)});
        QTRY_COMPARE_WITH_TIMEOUT(w.classifyPanel()->views().size(), 1, 20000);
        const PredictionView* view = w.classifyPanel()->views().front();
        QCOMPARE(view->rowsShown(0), 5);
        QCOMPARE(view->rowsShown(1), 5);
        // Both models answered for this file: a timed forward pass (one 16 px image through a
        // tiny model: far below 5 s even on a loaded machine) and a top 5 of distinct classes out
        // of 10, most probable first, with probabilities that a softmax can give.
        const ImageVerdict& verdict = view->verdict();
        QVERIFY(verdict.error.isEmpty());
        QVERIFY2(verdict.source.endsWith(QStringLiteral("square.png")), qPrintable(verdict.source));
        for (std::size_t s = 0; s < 2; ++s) {
            const resdense::Prediction& p = verdict.predictions[s];
            const QString slot = QStringLiteral("slot %1: ").arg(s);
            QVERIFY2(verdict.present[s] && p.ok,
                     qPrintable(slot + QString::fromStdString(p.error)));
            QVERIFY2(p.milliseconds > 0.0 && p.milliseconds < 5000.0,
                     qPrintable(slot + QString::number(p.milliseconds) + QStringLiteral(" ms")));
            QCOMPARE(p.top.size(), std::size_t(5));
            QVERIFY(p.top[0].probability >= 0.1 - 1e-6); // the largest of 10 that sum to 1
            double total = 0.0;
            for (std::size_t i = 0; i < p.top.size(); ++i) {
                const resdense::ClassScore& c = p.top[i];
                QVERIFY(c.index >= 0 && c.index < 10 && !c.label.empty());
                QVERIFY(c.probability >= 0.0 && c.probability <= 1.0);
                for (std::size_t j = 0; j < i; ++j) {
                    QVERIFY(c.index != p.top[j].index);
                    QVERIFY(c.probability <= p.top[j].probability);
                }
                total += c.probability;
            }
            QVERIFY2(total <= 1.0 + 1e-6, qPrintable(QString::number(total)));
        }

        // A dropped text file gets a message, not a crash.
        const QString text = files.filePath(QStringLiteral("notes.png")); // lies about its type
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not an image\n");
        f.close();
        drop(&w, {QUrl::fromLocalFile(text)});
        QTRY_COMPARE_WITH_TIMEOUT(w.classifyPanel()->views().size(), 2, 20000);
        const PredictionView* bad = w.classifyPanel()->views().front();
        QCOMPARE(bad->rowsShown(0), 0);
        QVERIFY(!bad->verdict().error.isEmpty());
        QVERIFY(!bad->messageText().isEmpty());

        // Exports: PNG, PDF and SVG charts, CSV and JSON metrics.
        const QString out = files.path();
        QCOMPARE(w.exportChartTo(out + QStringLiteral("/sheet.png"), ChartPart::Sheet), QString());
        QCOMPARE(head(out + QStringLiteral("/sheet.png"), 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        QCOMPARE(w.exportChartTo(out + QStringLiteral("/loss.pdf"), ChartPart::Loss), QString());
        QCOMPARE(head(out + QStringLiteral("/loss.pdf"), 5), QByteArray("%PDF-"));
        QCOMPARE(w.exportChartTo(out + QStringLiteral("/acc.svg"), ChartPart::Accuracy), QString());
        QVERIFY(head(out + QStringLiteral("/acc.svg"), 400).contains("<svg"));
        QImage exported(out + QStringLiteral("/sheet.png"));
        QCOMPARE(exported.size(), QSize(1600, 1000));

        QCOMPARE(w.exportCsvTo(out + QStringLiteral("/epochs.csv"), false), QString());
        QFile csv(out + QStringLiteral("/epochs.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1 + 2 * 2); // header + 2 epochs x 2 models
        QVERIFY(
            lines[0].startsWith(QStringLiteral("slot,model,epoch,seconds,images_seen,train_loss")));
        QCOMPARE(lines[1].split(QLatin1Char(',')).size(), lines[0].split(QLatin1Char(',')).size());
        QCOMPARE(w.exportCsvTo(out + QStringLiteral("/batches.csv"), true), QString());
        QCOMPARE(w.exportJsonTo(out + QStringLiteral("/metrics.json")), QString());
        QFile json(out + QStringLiteral("/metrics.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("epochs")).toArray().size(), 4);
        QCOMPARE(root.value(QStringLiteral("batches")).toArray().size(), 24);
        QVERIFY(root.value(QStringLiteral("summary")).toObject().contains(QStringLiteral("slots")));

        // A failed export says why and leaves the earlier file alone.
        QVERIFY(!w.exportChartTo(out + QStringLiteral("/no/such/dir/x.png"), ChartPart::Sheet)
                     .isEmpty());
        QVERIFY(!w.exportChartTo(out + QStringLiteral("/sheet.bmp"), ChartPart::Sheet).isEmpty());
        QCOMPARE(head(out + QStringLiteral("/sheet.png"), 4), QByteArray("\x89PNG", 4));

        // The run folder opens again in a fresh window, with curves, table and models.
        const QString dir = w.runDir();
        MainWindow again;
        again.setInteractive(false);
        QVERIFY(again.openRun(dir));
        QCOMPARE(again.state(), MainWindow::State::Opened);
        QCOMPARE(again.store().batches(1).size(), std::size_t(12));
        QCOMPARE(again.store().epochs(0).size(), std::size_t(2));
        QCOMPARE(again.table()->text(ComparisonTable::TestAccuracy, 1),
                 w.table()->text(ComparisonTable::TestAccuracy, 1));
        QTRY_VERIFY_WITH_TIMEOUT(
            again.classifiers()->hasModel(0) && again.classifiers()->hasModel(1), 20000);
        QVERIFY(!again.openRun(files.path())); // not a run: a message
        QVERIFY(again.lastError().contains(QStringLiteral("config.json")));
    }

    // Closing mid-run stops at a batch boundary, keeps a resumable run, and the run resumes.
    void closingDuringTrainingEndsCleanlyAndResumes()
    {
        QTemporaryDir runs;
        QString dir;
        {
            MainWindow w;
            configureTinyRun(w, runs.path(), /*images=*/2000, /*epochs=*/3, /*batch=*/16);
            QVERIFY(waitForDataset(w));
            w.show();
            QVERIFY(w.startTraining());
            dir = w.runDir();
            QTRY_VERIFY_WITH_TIMEOUT(w.store().batches(1).size() >= 5, 60000);
            QElapsedTimer clock;
            clock.start();
            w.close();
            QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 20000);
            qInfo("window closed %lld ms after close() during training", clock.elapsed());
            QVERIFY(clock.elapsed() < 5000);
            QVERIFY(!w.controller()->isRunning());
            QCOMPARE(w.state(), MainWindow::State::Stopped);
        }
        QVERIFY(QFile::exists(dir + QStringLiteral("/models/a-last.pt")));
        QVERIFY(QFile::exists(dir + QStringLiteral("/models/b-last.pt")));

        MainWindow again;
        again.setInteractive(false);
        QVERIFY(again.openRun(dir));
        // A stopped run's summary has no MACs yet: the cards, which now show its models, count
        // them.
        QTRY_VERIFY_WITH_TIMEOUT(
            again.table()->text(ComparisonTable::Macs, 1) != QStringLiteral("–"), 20000);
        QVERIFY(again.resumeRun());
        QTRY_VERIFY_WITH_TIMEOUT(again.state() == MainWindow::State::Finished, 300000);
        QVERIFY2(again.lastError().isEmpty(), qPrintable(again.lastError()));
        QCOMPARE(again.store().epochs(0).size(), std::size_t(3));
        QCOMPARE(again.store().epochs(1).size(), std::size_t(3));
    }
};

std::unique_ptr<QObject> resdense::ui::test::makeTraining()
{
    return std::make_unique<Training>();
}

#include "training_test.moc"
