// The comparison report (ui/report_writer.h): `report_tests`, run by ctest as ui.Report on the
// offscreen platform. One tiny duel on the generated shapes dataset (about a second), then
// reports of it and of copies with their predictions taken away or broken.
#include <memory>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "metric_types.h"
#include "model_card.h"
#include "report_writer.h"
#include "resdense/build_info.h"
#include "resdense/experiments.h"
#include "resdense/trainer.h"
#include "run_insight.h"

using namespace resdense::ui;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// A copy of a run folder (its files and the predictions and models folders).
bool copyRun(const QString& from, const QString& to)
{
    for (const QString& sub :
         {QString(), QStringLiteral("predictions"), QStringLiteral("models")}) {
        const QDir src(QDir(from).filePath(sub));
        if (!src.exists())
            continue;
        if (!QDir().mkpath(QDir(to).filePath(sub)))
            return false;
        for (const QFileInfo& f : src.entryInfoList(QDir::Files))
            if (!QFile::copy(f.filePath(), QDir(QDir(to).filePath(sub)).filePath(f.fileName())))
                return false;
    }
    return true;
}

} // namespace

class Report : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_run = m_tmp.filePath(QStringLiteral("run"));
        resdense::RunConfig c = resdense::default_experiment();
        c.dataset.spec = "shapes:240";
        c.dataset.image_size = 16;
        c.dataset.channels = 1;
        c.dataset.val_fraction = 0.25;
        c.augment = {};
        c.epochs = 2;
        c.batch_size = 20;
        c.threads = 1; // ctest runs two tests at once on two cores
        c.slots.clear();
        auto a = resdense::default_slot("a", resdense::model_spec("cifar-resnet"));
        a.model.depth = 8;
        a.optimizer.lr = 0.05;
        auto b = resdense::default_slot("b", resdense::model_spec("densenet-bc"));
        b.model.depth = 16;
        b.optimizer.lr = 0.05;
        c.slots = {a, b};
        resdense::TrainSink quiet;
        const resdense::RunSummary s = resdense::train(c, m_run.toStdString(), quiet);
        QVERIFY(s.completed);
        m_names = {shortModelName(c.slots[0].model), shortModelName(c.slots[1].model)};
    }

    void htmlHasModelsConfusionAndImages()
    {
        const QString out = m_tmp.filePath(QStringLiteral("report.html"));
        const QString message = writeReport(m_run, out);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        const QString html = QString::fromUtf8(readAll(out));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        for (const QString& name : m_names)
            QVERIFY2(html.contains(name.toHtmlEscaped()), qPrintable(name));
        QVERIFY(html.contains(QLatin1String("<h2>Classes</h2>")));
        QVERIFY(html.contains(QLatin1String("Accuracy per class")));
        QVERIFY(html.contains(QLatin1String("Where the models disagree")));
        QVERIFY(html.contains(QLatin1String("Significance")));
        QVERIFY(html.contains(QLatin1String("src=\"data:image/svg+xml;base64,"))); // charts
        QVERIFY(html.contains(QLatin1String("src=\"data:image/png;base64,")));     // test images
        // Self-contained: every picture embedded, nothing pointing elsewhere.
        QVERIFY(!html.contains(QLatin1String("report-image:")));
        QVERIFY(!html.contains(QRegularExpression(QStringLiteral("src=\"(?!data:)"))));
        QVERIFY(!html.contains(QLatin1String("Not everything is in this report")));
    }

    void pdfIsAPdf()
    {
        const QString out = m_tmp.filePath(QStringLiteral("report.pdf"));
        const QString message = writeReport(m_run, out);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        const QByteArray pdf = readAll(out);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY2(pdf.size() > 20000, qPrintable(QString::number(pdf.size()))); // has pictures
        QVERIFY(pdf.contains("/Type /Page") || pdf.contains("/Type/Page"));
    }

    void failuresSayWhyAndKeepTheEarlierFile()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("earlier"));
        QVERIFY(QDir().mkpath(folder));
        const QString earlier = QDir(folder).filePath(QStringLiteral("report.html"));
        QVERIFY(writeText(earlier, "earlier report"));

        // Not a run folder.
        QString message = writeReport(m_tmp.filePath(QStringLiteral("no-such-run")), earlier);
        QVERIFY(message.contains(QLatin1String("no-such-run")));
        QCOMPARE(readAll(earlier), QByteArray("earlier report"));

        // A format it does not write.
        message = writeReport(m_run, QDir(folder).filePath(QStringLiteral("report.docx")));
        QVERIFY(message.contains(QLatin1String("report.docx")));
        QVERIFY(!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("report.docx"))));

        // A folder that cannot hold files: the message names the file.
        const QString notAFolder = m_tmp.filePath(QStringLiteral("plain-file"));
        QVERIFY(writeText(notAFolder, "x"));
        message = writeReport(m_run, notAFolder + QStringLiteral("/report.html"));
        QVERIFY2(message.contains(QLatin1String("report.html")), qPrintable(message));

        // A read-only folder (root may write there anyway: then there is nothing to check).
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        QFile probe(QDir(folder).filePath(QStringLiteral("probe")));
        const bool readOnly = !probe.open(QIODevice::WriteOnly);
        probe.remove();
        if (readOnly) {
            message = writeReport(m_run, earlier);
            QVERIFY2(message.contains(QLatin1String("report.html")), qPrintable(message));
            QCOMPARE(readAll(earlier), QByteArray("earlier report"));
        }
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ExeOwner);
    }

    // Older runs and runs stopped before testing: the report is written and says what is missing.
    void runWithoutPredictionsSaysWhatIsMissing()
    {
        const QString copy = m_tmp.filePath(QStringLiteral("no-predictions"));
        QVERIFY(copyRun(m_run, copy));
        QVERIFY(QDir(QDir(copy).filePath(QStringLiteral("predictions"))).removeRecursively());
        const QString problem = loadRunInsight(copy, false, false).problem;
        QVERIFY(!problem.isEmpty());

        const QString out = m_tmp.filePath(QStringLiteral("no-predictions.html"));
        const QString message = writeReport(copy, out);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        const QString html = QString::fromUtf8(readAll(out));
        QVERIFY(html.contains(QLatin1String("Not everything is in this report")));
        QVERIFY(html.contains(
            problem.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
        QVERIFY(html.contains(QLatin1String("<h2>Training curves</h2>")));
        QVERIFY(html.contains(QLatin1String("Test accuracy")));
        QVERIFY(html.contains(QLatin1String("data:image/svg+xml;base64,"))); // the curves
        QVERIFY(writeReport(copy, m_tmp.filePath(QStringLiteral("no-predictions.pdf"))).isEmpty());
    }

    void corruptPredictionsAreNamed()
    {
        const QString copy = m_tmp.filePath(QStringLiteral("corrupt"));
        QVERIFY(copyRun(m_run, copy));
        const QDir predictions(QDir(copy).filePath(QStringLiteral("predictions")));
        for (const QString& name : predictions.entryList({QStringLiteral("a-*test.csv")}))
            QVERIFY(writeText(predictions.filePath(name), "index,label\nnot,numbers\n"));
        const QString out = m_tmp.filePath(QStringLiteral("corrupt.html"));
        const QString message = writeReport(copy, out);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        const QString html = QString::fromUtf8(readAll(out));
        QVERIFY(html.contains(QLatin1String("Not everything is in this report")));
        QVERIFY(html.contains(QLatin1String("-test.csv")));
    }

private:
    QTemporaryDir m_tmp;
    QString m_run;
    QStringList m_names;
};

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(resources);
    registerMetricTypes();
    resdense::keep_freed_memory();
    Report suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "report_test.moc"
