// The Configuration suite of the workbench's Qt Test suites (ui_tests Configuration).
#include <cstring>

#include <QAction>
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

// The cards and the panel turn into the engine config the user described.
class Configuration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); } // each test sees the defaults

    // What a window saves when it closes comes back in the next one.
    // Recipes → the tutorial fills both cards and the panel; Start waits for the ImageNet weights,
    // and the card says where it looked.
    void tutorialRecipeFillsBothCardsAndNeedsItsWeights()
    {
        QTemporaryDir hub;
        qputenv("TORCH_HOME", hub.path().toUtf8());
        MainWindow w;
        w.setInteractive(false);
        QAction* tutorial = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text().contains(QLatin1String("(tutorial)")))
                tutorial = a;
        QVERIFY(tutorial);
        tutorial->trigger();
        resdense::RunConfig c = w.currentConfig();
        QCOMPARE(c.slots.size(), std::size_t(2));
        QCOMPARE(c.slots[0].model.preset, std::string("resnet18"));
        QCOMPARE(c.slots[1].model.preset, std::string("densenet121"));
        for (const auto& slot : c.slots) {
            QCOMPARE(slot.pretrained.source, std::string("imagenet"));
            QCOMPARE(slot.freeze, std::string("none"));
            QCOMPARE(slot.optimizer.lr, 0.001);
            QCOMPARE(slot.optimizer.weight_decay, 0.0);
            QCOMPARE(slot.schedule.kind, resdense::ScheduleKind::Constant);
        }
        QCOMPARE(c.input.resize, 256);
        QCOMPARE(c.input.crop, 224);
        QCOMPARE(c.batch_size, std::int64_t(64));
        QCOMPARE(c.epochs, 10);
        QVERIFY(waitForDataset(w));
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY2(w.card(0)->problem().contains(hub.path() + QStringLiteral("/hub/checkpoints")),
                 qPrintable(w.card(0)->problem()));
        QVERIFY(w.startProblem().startsWith(QStringLiteral("Model A:")));

        // With resnet18's file in the cache, model A is fine and B still waits for its own.
        QVERIFY(QDir().mkpath(hub.path() + QStringLiteral("/hub/checkpoints")));
        QFile file(hub.path() + QStringLiteral("/hub/checkpoints/resnet18-f37072fd.pth"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        tutorial->trigger();
        QVERIFY2(w.card(0)->problem().isEmpty(), qPrintable(w.card(0)->problem()));
        QVERIFY(w.startProblem().startsWith(QStringLiteral("Model B:")));
        qunsetenv("TORCH_HOME");
    }

    void linearProbeRecipeFreezesBothBackbones()
    {
        MainWindow w;
        w.setInteractive(false);
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text().contains(QLatin1String("linear probe")))
                a->trigger();
        const resdense::RunConfig c = w.currentConfig();
        QCOMPARE(c.slots.size(), std::size_t(2));
        QCOMPARE(c.slots[0].freeze, std::string("backbone"));
        QCOMPARE(c.slots[1].freeze, std::string("backbone"));
    }

    void settingsPersist()
    {
        {
            MainWindow w;
            w.setInteractive(false);
            w.experimentPanel()->epochsSpin()->setValue(11);
            w.card(1)->growthSpin()->setValue(16);
            w.card(1)->setChecked(false);
            w.close();
        }
        MainWindow again;
        const resdense::RunConfig c = again.currentConfig();
        QCOMPARE(c.epochs, 11);
        QCOMPARE(c.slots.size(), std::size_t(1));           // B stays off ...
        QCOMPARE(again.card(1)->growthSpin()->value(), 16); // ... and keeps its settings
    }

    void cardsYieldTheExpectedConfig()
    {
        MainWindow w;
        w.setInteractive(false);
        ModelCard* a = w.card(0);
        ModelCard* b = w.card(1);
        // Defaults: ResNet-20 against DenseNet-BC (L=40, k=12) on Fashion-MNIST.
        resdense::RunConfig c = w.currentConfig();
        QCOMPARE(c.dataset.spec, std::string("fashion-mnist"));
        QCOMPARE(c.slots.size(), std::size_t(2));
        QCOMPARE(c.slots[0].model.preset, std::string("resnet20"));
        QCOMPARE(c.slots[1].model.depth, 40);
        QVERIFY(c.slots[1].model.bottleneck);

        // A preset chosen from the list, then fields edited.
        a->presetCombo()->setCurrentText(QStringLiteral("resnet56"));
        Q_EMIT a->presetCombo()->activated(a->presetCombo()->currentIndex());
        a->learningRateSpin()->setValue(0.05);
        a->optimizerCombo()->setCurrentIndex(2); // AdamW
        b->growthSpin()->setValue(24);
        b->scheduleCombo()->setCurrentIndex(1); // cosine
        w.experimentPanel()->epochsSpin()->setValue(7);
        w.experimentPanel()->batchSizeSpin()->setValue(64);
        c = w.currentConfig();
        QCOMPARE(c.slots[0].model.depth, 56);
        QCOMPARE(c.slots[0].optimizer.lr, 0.05);
        QCOMPARE(c.slots[0].optimizer.kind, resdense::OptimizerKind::AdamW);
        QCOMPARE(c.slots[1].model.growth_rate, 24);
        QCOMPARE(c.slots[1].schedule.kind, resdense::ScheduleKind::Cosine);
        QCOMPARE(c.epochs, 7);
        QCOMPARE(c.batch_size, 64);
        QCOMPARE(c.slots[0].name, std::string("a"));
        QCOMPARE(c.slots[1].name, std::string("b"));

        // Switching a card off trains the other alone.
        b->setChecked(false);
        c = w.currentConfig();
        QCOMPARE(c.slots.size(), std::size_t(1));
        QCOMPARE(c.slots[0].name, std::string("a"));
    }

    void invalidValuesDisableStartUntilFixed()
    {
        MainWindow w;
        QTemporaryDir runs;
        configureTinyRun(w, runs.path());
        QVERIFY(waitForDataset(w));
        QVERIFY2(w.startProblem().isEmpty(), qPrintable(w.startProblem()));
        QVERIFY(w.startAction()->isEnabled());

        w.card(0)->depthSpin()->setValue(21); // not 6n+2
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(w.startProblem().contains(QStringLiteral("depth"), Qt::CaseInsensitive));
        QVERIFY(w.card(0)->depthSpin()->styleSheet().contains(QStringLiteral("background")));
        QVERIFY(!w.startTraining()); // refuses, with the message
        QVERIFY(!w.lastError().isEmpty());

        w.card(0)->depthSpin()->setValue(20);
        QVERIFY(w.startAction()->isEnabled());
        QVERIFY(w.card(0)->depthSpin()->styleSheet().isEmpty());

        w.card(0)->setChecked(false);
        w.card(1)->setChecked(false);
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(!w.startProblem().isEmpty());
    }

    void unreadableDatasetIsShownAndBlocksStart()
    {
        MainWindow w;
        QTemporaryDir runs, empty;
        configureTinyRun(w, runs.path());
        w.experimentPanel()->datasetCombo()->setCurrentIndex(2); // CIFAR-10 (folder)
        w.experimentPanel()->folderEdit()->setText(empty.path());
        Q_EMIT w.experimentPanel()->folderEdit()->editingFinished();
        QVERIFY(waitForDataset(w));
        QVERIFY(!w.experimentPanel()->datasetOk());
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(w.startProblem().contains(QStringLiteral("dataset")));
    }

    void parameterCountsArriveBeforeTraining()
    {
        MainWindow w;
        QTRY_VERIFY_WITH_TIMEOUT(w.card(0)->summary().has_value(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w.card(1)->summary().has_value(), 20000);
        // ResNet-20 on 1-channel Fashion-MNIST: 269,434 parameters (269,722 on RGB).
        QTRY_COMPARE_WITH_TIMEOUT(w.card(0)->summary()->total_params, std::int64_t(269434), 20000);
        QVERIFY(w.card(0)->infoLabel()->text().contains(QLocale().toString(269434)));
        QCOMPARE(w.table()->text(ComparisonTable::Parameters, 0), QLocale().toString(269434));
    }
};

std::unique_ptr<QObject> resdense::ui::test::makeConfiguration()
{
    return std::make_unique<Configuration>();
}

#include "configuration_test.moc"
