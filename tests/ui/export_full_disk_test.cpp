// Every export of the workbench under a full disk (`export_full_disk_tests`, ctest
// ui.ExportFullDisk, offscreen): charts as PNG, PDF and SVG, the epoch and batch CSV, the JSON and
// the comparison report as HTML and PDF. A full disk is simulated as
// tests/engine/durable_writes_test.cpp does: a small RLIMIT_FSIZE with SIGXFSZ ignored, so that
// write() fails with EFBIG as it would with ENOSPC. Each export must return a message naming the
// file, leave the earlier file at the path byte for byte, and leave no temporary file behind.
#include <csignal>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include "chart_export.h"
#include "metric_types.h"
#include "metrics_store.h"
#include "report_writer.h"
#include "resdense/experiments.h"
#include "resdense/trainer.h"

using namespace resdense::ui;

namespace {

// While alive, no file this process writes may grow past `bytes`.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        m_handler = std::signal(SIGXFSZ, SIG_IGN); // write() then fails with EFBIG instead
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_handler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_saved{};
    void (*m_handler)(int) = nullptr;
};

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

} // namespace

class ExportFullDisk : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_store.setModelName(0, QStringLiteral("ResNet-20"));
        m_store.setModelName(1, QStringLiteral("DenseNet-BC-40"));
        for (int slot = 0; slot < MetricsStore::kSlots; ++slot)
            for (int epoch = 0; epoch < 6; ++epoch) {
                for (int batch = 0; batch < 20; ++batch) {
                    resdense::BatchMetrics b;
                    b.slot = slot;
                    b.epoch = epoch;
                    b.batch = batch;
                    b.batches = 20;
                    b.step = epoch * 20 + batch;
                    b.loss = 2.0 / (1.0 + b.step);
                    b.accuracy = 0.3 + 0.01 * static_cast<double>(b.step);
                    b.lr = 0.1;
                    b.images_seen = 64 * (b.step + 1);
                    b.elapsed_seconds = 0.1 * static_cast<double>(b.step);
                    m_store.add(b);
                }
                resdense::EpochMetrics e;
                e.slot = slot;
                e.epoch = epoch;
                e.train_loss = 1.0 / (epoch + 1);
                e.train_accuracy = 0.5 + 0.1 * epoch;
                e.val_loss = 1.2 / (epoch + 1);
                e.val_accuracy = 0.45 + 0.1 * epoch;
                e.epoch_seconds = 2.0;
                e.total_seconds = 2.0 * (epoch + 1);
                e.images_seen = 1280 * (epoch + 1);
                m_store.add(e);
            }

        // A run folder for the report: the tiny duel of report_test.cpp (about a second).
        m_run = m_tmp.filePath(QStringLiteral("run"));
        resdense::RunConfig c = resdense::default_experiment();
        c.dataset.spec = "shapes:240";
        c.dataset.image_size = 16;
        c.dataset.channels = 1;
        c.dataset.val_fraction = 0.25;
        c.augment = {};
        c.epochs = 1;
        c.batch_size = 20;
        c.threads = 1;
        c.slots.clear();
        auto a = resdense::default_slot("a", resdense::model_spec("cifar-resnet"));
        a.model.depth = 8;
        auto b = resdense::default_slot("b", resdense::model_spec("densenet-bc"));
        b.model.depth = 16;
        c.slots = {a, b};
        resdense::TrainSink quiet;
        QVERIFY(resdense::train(c, m_run.toStdString(), quiet).completed);
    }

    void exportsFailCleanlyOnAFullDisk_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* name : {"chart.png", "chart.pdf", "chart.svg", "loss.png", "epochs.csv",
                                 "batches.csv", "metrics.json", "report.html", "report.pdf"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void exportsFailCleanlyOnAFullDisk()
    {
        QFETCH(QString, name);
        const QString folder = m_tmp.filePath(QStringLiteral("out-") + name);
        QVERIFY(QDir().mkpath(folder));
        const QString path = QDir(folder).filePath(name);
        const auto write = [&] {
            if (name.startsWith(QLatin1String("chart")) || name == QLatin1String("loss.png"))
                return exportChart(m_store, CurveOptions{},
                                   name == QLatin1String("loss.png") ? ChartPart::Loss
                                                                     : ChartPart::Sheet,
                                   QStringLiteral("A full disk"),
                                   {m_store.modelName(0), m_store.modelName(1)}, path);
            if (name.endsWith(QLatin1String(".csv")))
                return exportCsv(m_store, path, name == QLatin1String("batches.csv"));
            if (name.endsWith(QLatin1String(".json")))
                return exportJson(m_store, std::nullopt, path);
            return writeReport(m_run, path);
        };

        // With space, it writes (and more than the limit below).
        QString message = write();
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QVERIFY2(QFileInfo(path).size() > 512, qPrintable(QString::number(QFileInfo(path).size())));

        const QByteArray earlier = "an earlier export, to be kept\n";
        QVERIFY(writeText(path, earlier));
        {
            FileSizeLimit full(256);
            message = write();
        }
        // The earlier file first: a short write that went unnoticed replaced it with the part of
        // the new one that fitted, and reported success.
        const QByteArray now = readAll(path);
        QVERIFY2(now == earlier, qPrintable(QStringLiteral("%1 now holds %2 bytes; message \"%3\"")
                                                .arg(name)
                                                .arg(now.size())
                                                .arg(message)));
        QVERIFY2(!message.isEmpty(), "an export past a full disk reported success");
        QVERIFY2(message.contains(name), qPrintable(message));
        const QStringList left = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System);
        QCOMPARE(left, QStringList{name}); // no temporary file left behind
        qInfo("%s: %s", qPrintable(name), qPrintable(message));

        // Space back: the same export works again.
        message = write();
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QVERIFY(readAll(path) != earlier);
    }

private:
    QTemporaryDir m_tmp;
    MetricsStore m_store;
    QString m_run;
};

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(resources);
    registerMetricTypes();
    ExportFullDisk suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "export_full_disk_test.moc"
