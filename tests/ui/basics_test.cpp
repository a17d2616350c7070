// The Basics suite of the workbench's Qt Test suites (ui_tests Basics).
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

// Pure pieces: smoothing, the progress estimate, the store's curves.
class Basics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smoothingKeepsLengthAndFollowsTheData()
    {
        const std::vector<double> y = {1, 0, 1, 0, 1, 0, 1, 0};
        const auto ema = smooth(y, Smoothing::Ema, 0.6);
        QCOMPARE(ema.size(), y.size());
        QCOMPARE(ema.front(), 1.0); // debiased: starts at the first value, not at 0
        for (std::size_t i = 2; i < ema.size(); ++i)
            QVERIFY(ema[i] > 0.2 && ema[i] < 0.8);
        const auto ma = smooth(y, Smoothing::MovingAverage, 0.02); // window of 2
        QCOMPARE(ma[1], 0.5);
        QCOMPARE(ma[7], 0.5);
        QCOMPARE(smooth(y, Smoothing::None, 0.9), y);
    }

    void progressEstimateExtrapolatesThisSessionsRate()
    {
        ProgressEstimate p;
        p.start(/*total=*/100, /*done=*/50, /*now=*/10.0); // resumed half way
        QVERIFY(p.secondsLeft() < 0);                      // too little to go on
        p.advance(12.0, 10);                               // 10 steps in 2 s
        QCOMPARE(p.done(), 60);
        QCOMPARE(p.fraction(), 0.6);
        QCOMPARE(p.secondsLeft(), 8.0); // 40 steps at 5 per second
        p.dropSlot(20);                 // a diverged slot's remaining steps vanish
        QCOMPARE(p.total(), 80);
        QCOMPARE(p.secondsLeft(), 4.0);
    }

    void storeMapsTheXAxes()
    {
        MetricsStore store;
        resdense::BatchMetrics b;
        b.slot = 1;
        b.epoch = 1;
        b.batch = 4;
        b.batches = 10;
        b.loss = 0.5;
        b.accuracy = 0.75;
        b.images_seen = 1500;
        b.elapsed_seconds = 3.5;
        store.add(b);
        QCOMPARE(store.trainSeries(1, Metric::Loss, XAxis::Epoch).x.front(), 1.5);
        QCOMPARE(store.trainSeries(1, Metric::Accuracy, XAxis::WallTime).x.front(), 3.5);
        QCOMPARE(store.trainSeries(1, Metric::Accuracy, XAxis::ImagesSeen).y.front(), 0.75);
        QVERIFY(store.trainSeries(0, Metric::Loss, XAxis::Epoch).empty());
        resdense::EpochMetrics e;
        e.slot = 1;
        e.epoch = 0;
        e.val_accuracy = 0.6;
        e.val_loss = std::nan("");
        store.add(e);
        e.epoch = 1;
        e.val_accuracy = 0.7;
        store.add(e);
        QCOMPARE(store.bestEpoch(1)->epoch, 1);
        QCOMPARE(store.validationSeries(1, Metric::Accuracy, XAxis::Epoch).x.size(), 2u);
        QVERIFY(store.validationSeries(1, Metric::Loss, XAxis::Epoch).empty()); // NaN skipped
    }
};

std::unique_ptr<QObject> resdense::ui::test::makeBasics()
{
    return std::make_unique<Basics>();
}

#include "basics_test.moc"
