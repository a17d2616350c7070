// Insight through the window: classifying before the first epoch ends, Grad-CAM beside both
// top-5 lists, the Classes tab after a run, the disagreement browser, and an older run without
// test predictions (the tab says so and its button gets them).
#include <algorithm>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QTemporaryDir>
#include <QTest>

#include "classes_view.h"
#include "classify_panel.h"
#include "disagreements_view.h"
#include "insight_loader.h"
#include "metrics_store.h"
#include "prediction_view.h"
#include "resdense/insight.h"
#include "resdense/predictions.h"
#include "snapshot_classifiers.h"
#include "ui_test_support.h"

using namespace resdense::ui;
using namespace resdense::ui::test;

namespace {

QString squarePng(const QTemporaryDir& dir)
{
    QImage image(16, 16, QImage::Format_Grayscale8);
    image.fill(0);
    for (int i = 4; i < 12; ++i)
        for (int j = 4; j < 12; ++j)
            image.setPixel(i, j, qRgb(255, 255, 255));
    const QString png = dir.filePath(QStringLiteral("square.png"));
    image.save(png);
    return png;
}

} // namespace

class Insight : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classifiesBeforeTheFirstEpochAndShowsWhereEachModelFails()
    {
        QTemporaryDir runs, files;
        MainWindow w;
        configureTinyRun(w, runs.path(), 400, 2, 20);
        resdense::RunConfig config = w.currentConfig();
        config.val_every = 5; // 15 batches an epoch: checks after the 5th and the 10th
        config.val_subset = 40;
        w.experimentPanel()->load(config);
        QVERIFY(waitForDataset(w));
        QVERIFY2(w.startTraining(), qPrintable(w.lastError()));

        // Mid-epoch, paused: no epoch has ended, no checkpoint exists, and a dropped image is
        // classified by both models with their weights as they are, with Grad-CAM maps.
        QTRY_VERIFY_WITH_TIMEOUT(w.store().batches(1).size() >= 2, 60000);
        w.setPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(w.state() == MainWindow::State::Paused, 20000);
        QVERIFY(w.store().epochs(0).empty() && w.store().epochs(1).empty());
        QVERIFY(!w.classifiers()->hasAnyModel());
        drop(&w, {QUrl::fromLocalFile(squarePng(files))});
        QTRY_COMPARE_WITH_TIMEOUT(w.classifyPanel()->views().size(), 1, 30000);
        QVERIFY(w.store().epochs(0).empty()); // still the first epoch
        PredictionView* view = w.classifyPanel()->views().front();
        for (int s = 0; s < 2; ++s) {
            QCOMPARE(view->rowsShown(s), 5);
            const auto& p = view->verdict().predictions[s];
            QCOMPARE(p.cams.size(), std::size_t(5));
            QCOMPARE(view->camClass(s), p.top[0].index); // the predicted class by default
            QVERIFY(!view->camPicture(s).isNull());
        }
        QVERIFY(QFile::exists(QDir(w.runDir()).filePath(QStringLiteral("models/a-snapshot.pt"))));
        // Another class of A's list: A shows its map; B too where the class is in its top 5.
        const int other = view->verdict().predictions[0].top[3].index;
        view->showClass(other);
        QCOMPARE(view->camClass(0), other);
        const QImage before = view->camPicture(0);
        w.classifyPanel()->setCamOpacity(0.0);
        QVERIFY(view->camPicture(0) != before); // the opacity slider redraws the overlays
        w.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(w.state() == MainWindow::State::Finished, 180000);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        // The validation curve has the checks between the epochs' ends.
        for (int s = 0; s < 2; ++s) {
            QCOMPARE(w.store().checks(s).size(), std::size_t(4));
            QCOMPARE(w.store().validationSeries(s, Metric::Accuracy, XAxis::Epoch).x.size(),
                     std::size_t(6));
            QCOMPARE(w.store().checks(s).front().images, std::int64_t(40));
        }

        // The Classes tab: both matrices on the test set, their difference, per-class bars.
        ClassesView* classes = w.classesView();
        QTRY_VERIFY_WITH_TIMEOUT(w.insightLoader()->insight() &&
                                     w.insightLoader()->insight()->hasTest[0] &&
                                     w.insightLoader()->insight()->hasTest[1] &&
                                     !w.insightLoader()->insight()->images.empty(),
                                 30000);
        QVERIFY(!classes->validationShown());
        for (int i = 0; i < 3; ++i)
            QVERIFY(classes->matrix(i)->hasData());
        QCOMPARE(classes->noteText(), QString());
        const auto insight = w.insightLoader()->insight();
        const auto rows = resdense::read_predictions(
            resdense::predictions_path(w.runDir().toStdString(), "a", true));
        QCOMPARE(insight->test[0].total(), std::int64_t(rows.size()));
        // A cell lists exactly its images.
        int label = 0, predicted = 0;
        for (int t = 0; t < insight->test[0].classes; ++t)
            for (int q = 0; q < insight->test[0].classes; ++q)
                if (insight->test[0].at(t, q) > insight->test[0].at(label, predicted))
                    label = t, predicted = q;
        classes->selectCell(0, label, predicted);
        QCOMPARE(classes->cellImages()->count(), int(insight->test[0].at(label, predicted)));
        QVERIFY(classes->matrix(0)->cellText(label, predicted).contains(QStringLiteral("of")));
        classes->setSplit(true);
        QVERIFY(classes->matrix(0)->hasData()); // the last validation's

        // The disagreement browser: every image where they differ, by kind; a click classifies it.
        std::size_t expected = 0;
        const auto rowsB = resdense::read_predictions(
            resdense::predictions_path(w.runDir().toStdString(), "b", true));
        for (std::size_t i = 0; i < rows.size(); ++i)
            expected += rows[i].predicted != rows[i].label || rowsB[i].predicted != rowsB[i].label;
        QCOMPARE(insight->disagreements.size(), expected);
        DisagreementsView* browser = w.disagreementsView();
        for (auto kind : {resdense::Disagreement::OnlyARight, resdense::Disagreement::OnlyBRight,
                          resdense::Disagreement::BothWrong}) {
            browser->setKind(kind);
            const auto count =
                std::count_if(insight->disagreements.begin(), insight->disagreements.end(),
                              [kind](const auto& d) { return d.kind == kind; });
            QCOMPARE(browser->list()->count(), int(std::min<std::int64_t>(count, 500)));
            if (count > 500)
                QVERIFY(browser->noteText().contains(QStringLiteral("500")));
            if (count > 0 && kind != resdense::Disagreement::BothWrong)
                QVERIFY(browser->list()->item(0)->text().contains(QStringLiteral("✓")));
            // The most confident mistakes first.
            for (int i = 1; i < browser->list()->count() && i < 50; ++i) {
                const auto index = [&](int row) {
                    return browser->list()->item(row)->data(Qt::UserRole).toLongLong();
                };
                const auto margin = [&](qlonglong idx) {
                    for (const auto& d : insight->disagreements)
                        if (d.index == idx)
                            return d.margin;
                    return -1.0;
                };
                QVERIFY(margin(index(i - 1)) >= margin(index(i)));
            }
        }
        QVERIFY2(expected > 0, "two barely trained models should disagree somewhere");
        for (auto kind : {resdense::Disagreement::OnlyARight, resdense::Disagreement::OnlyBRight,
                          resdense::Disagreement::BothWrong}) {
            browser->setKind(kind);
            if (browser->list()->count() > 0)
                break;
        }
        const int before_views = w.classifyPanel()->views().size();
        QListWidgetItem* first = browser->list()->item(0);
        Q_EMIT browser->list()->itemClicked(first);
        QTRY_COMPARE_WITH_TIMEOUT(w.classifyPanel()->views().size(), before_views + 1, 30000);
        const auto& opened = w.classifyPanel()->views().front()->verdict();
        QCOMPARE(opened.source,
                 QStringLiteral("test image #%1").arg(first->data(Qt::UserRole).toLongLong()));
        QVERIFY(opened.predictions[0].ok && opened.predictions[1].ok);
        QCOMPARE(opened.predictions[0].cams.size(), std::size_t(5));

        // File → Export → Comparison report, both forms.
        QCOMPARE(w.exportReportTo(files.filePath(QStringLiteral("report.html"))), QString());
        QVERIFY(head(files.filePath(QStringLiteral("report.html")), 400).contains("<html"));
        QCOMPARE(w.exportReportTo(files.filePath(QStringLiteral("report.pdf"))), QString());
        QCOMPARE(head(files.filePath(QStringLiteral("report.pdf")), 5), QByteArray("%PDF-"));

        // An older run without test predictions: the tab says what is missing and gets them.
        const QString dir = w.runDir();
        QVERIFY(QDir(QDir(dir).filePath(QStringLiteral("predictions"))).removeRecursively());
        MainWindow again;
        again.setInteractive(false);
        QVERIFY(again.openRun(dir));
        QTRY_VERIFY_WITH_TIMEOUT(!again.classesView()->noteText().isEmpty(), 30000);
        QVERIFY2(again.classesView()->noteText().contains(QStringLiteral("No test predictions")),
                 qPrintable(again.classesView()->noteText()));
        QVERIFY(!again.classesView()->matrix(2)->hasData());
        QCOMPARE(again.disagreementsView()->list()->count(), 0);
        Q_EMIT again.classesView()->evaluateRequested();
        QTRY_VERIFY_WITH_TIMEOUT(again.classesView()->matrix(2)->hasData(), 60000);
        QCOMPARE(again.classesView()->noteText(), QString());
        QCOMPARE(again.insightLoader()->insight()->test[0].total(), std::int64_t(rows.size()));
        QCOMPARE(again.insightLoader()->insight()->disagreements.size(), expected);
    }

    // A corrupt predictions file is named, and nothing crashes.
    void corruptPredictionsAreNamed()
    {
        QTemporaryDir runs;
        MainWindow w;
        configureTinyRun(w, runs.path(), 120, 1);
        QVERIFY(waitForDataset(w));
        QVERIFY2(w.startTraining(), qPrintable(w.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(w.state() == MainWindow::State::Finished, 120000);
        const QString file =
            QString::fromStdString(resdense::predictions_path(w.runDir().toStdString(), "b", true));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("index,label,predicted,confidence\n0,1,banana,0.5\n");
        f.close();
        const RunInsight insight = loadRunInsight(w.runDir(), false, false);
        QVERIFY(insight.hasTest[0] && !insight.hasTest[1]);
        QVERIFY2(insight.problem.contains(QStringLiteral("b-best-test.csv")),
                 qPrintable(insight.problem));
        QVERIFY(insight.disagreements.empty());
    }
};

std::unique_ptr<QObject> resdense::ui::test::makeInsight()
{
    return std::make_unique<Insight>();
}

#include "insight_test.moc"
