// soak_driver: the workbench's main window, offscreen, training the default duel while an image is
// dropped on it every few seconds (classified by both models' latest weights, as a user would),
// recording the process's resident memory (VmRSS) to a CSV at a fixed interval. At the end it
// says whether resident memory after the first epoch stayed within a tolerance of its value then.
// Run by tests/soak/soak.sh (not by CI: it takes half an hour by default).
//
//   soak_driver --seconds 1800 --csv rss.csv [--drop-every 5] [--sample-every 10]
//               [--tolerance 0.05] [--limit IMAGES]
// --limit trains the default duel on the first IMAGES training images only (its models, optimiser
// and schedule unchanged, 1000 epochs so that it never finishes): many short epochs, so that a
// soak of minutes on a busy 2-core machine still crosses several epoch ends, checkpoints and
// validations. Without it an epoch of the full Fashion-MNIST takes 7-17 minutes there.
// Exit: 0 flat, 1 grew or shrank beyond the tolerance, 2 could not train, 3 no epoch finished.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include "experiment_panel.h"
#include "main_window.h"
#include "metric_types.h"
#include "resdense/build_info.h"

using resdense::ui::MainWindow;

namespace {

long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine())
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

// Fashion-MNIST-like pictures: 28 x 28 grey, a filled shape on noise.
QStringList makeImages(const QString& dir, int count)
{
    QStringList paths;
    std::mt19937 rng(7);
    for (int i = 0; i < count; ++i) {
        QImage image(28, 28, QImage::Format_Grayscale8);
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                image.scanLine(y)[x] = static_cast<uchar>(rng() % 40);
        QPainter p(&image);
        p.setBrush(QColor(200 + i * 5, 200 + i * 5, 200 + i * 5));
        p.setPen(Qt::NoPen);
        if (i % 2)
            p.drawEllipse(4 + i % 5, 5, 18, 16 + i % 4);
        else
            p.drawRect(6, 3 + i % 4, 14 + i % 6, 20);
        p.end();
        const QString path = QDir(dir).filePath(QStringLiteral("drop-%1.png").arg(i));
        if (image.save(path))
            paths << path;
    }
    return paths;
}

struct Sample {
    double seconds = 0;
    long rssKiB = 0;
    int epochs = 0; // finished by both models
};

} // namespace

int main(int argc, char* argv[])
{
    Q_INIT_RESOURCE(resources);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ResDense"));
    QApplication::setApplicationName(QStringLiteral("WorkbenchSoak"));
    resdense::ui::registerMetricTypes();
    resdense::keep_freed_memory(); // as resdense-workbench does, before any thread exists
    resdense::set_threads(0);

    QCommandLineParser parser;
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("how long"),
                                        QStringLiteral("s"), QStringLiteral("1800"));
    const QCommandLineOption csvOpt(QStringLiteral("csv"), QStringLiteral("the RSS samples"),
                                    QStringLiteral("file"), QStringLiteral("soak-rss.csv"));
    const QCommandLineOption dropOpt(QStringLiteral("drop-every"), QStringLiteral("seconds"),
                                     QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption sampleOpt(QStringLiteral("sample-every"), QStringLiteral("seconds"),
                                       QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption toleranceOpt(QStringLiteral("tolerance"), QStringLiteral("fraction"),
                                          QStringLiteral("f"), QStringLiteral("0.05"));
    const QCommandLineOption limitOpt(QStringLiteral("limit"), QStringLiteral("training images"),
                                      QStringLiteral("n"), QStringLiteral("0"));
    parser.addOptions({secondsOpt, csvOpt, dropOpt, sampleOpt, toleranceOpt, limitOpt});
    parser.addHelpOption();
    parser.process(app);
    const double seconds = parser.value(secondsOpt).toDouble();
    const double tolerance = parser.value(toleranceOpt).toDouble();

    QTemporaryDir images;
    const QStringList drops = makeImages(images.path(), 8);
    QFile csvFile(parser.value(csvOpt));
    if (drops.isEmpty() || !csvFile.open(QIODevice::WriteOnly | QIODevice::Text)) {
        std::fprintf(stderr, "soak: cannot write the images or %s\n",
                     qPrintable(parser.value(csvOpt)));
        return 2;
    }
    QTextStream csv(&csvFile);
    csv << "seconds,rss_kib,epochs_done,batches_a,batches_b,drops\n";

    MainWindow window;
    window.setInteractive(false);
    window.show();
    window.loadRecipe(QStringLiteral("default"));
    if (const int limit = parser.value(limitOpt).toInt(); limit > 0) {
        resdense::RunConfig config = window.currentConfig();
        config.dataset.limit = limit;
        config.epochs = 1000;
        window.experimentPanel()->load(config);
    }

    QElapsedTimer clock;
    clock.start();
    std::vector<Sample> samples;
    int dropped = 0;
    int exitCode = 0;
    auto epochsDone = [&] {
        return static_cast<int>(
            std::min(window.store().epochs(0).size(), window.store().epochs(1).size()));
    };
    auto sample = [&] {
        Sample s{clock.elapsed() / 1000.0, residentKiB(), epochsDone()};
        samples.push_back(s);
        csv << QString::number(s.seconds, 'f', 1) << ',' << s.rssKiB << ',' << s.epochs << ','
            << window.store().batches(0).size() << ',' << window.store().batches(1).size() << ','
            << dropped << '\n';
        csv.flush();
        std::printf("%7.0f s  RSS %7.1f MiB  epochs %d  drops %d\n", s.seconds, s.rssKiB / 1024.0,
                    s.epochs, dropped);
        std::fflush(stdout);
    };

    QTimer::singleShot(0, &window, [&] {
        if (!window.startTraining()) {
            std::fprintf(stderr, "soak: training did not start: %s\n",
                         qPrintable(window.lastError()));
            QApplication::exit(2);
        }
        sample();
    });
    QTimer drop;
    QObject::connect(&drop, &QTimer::timeout, &window, [&] {
        window.classifyFiles({drops.at(dropped % drops.size())});
        ++dropped;
    });
    drop.start(static_cast<int>(parser.value(dropOpt).toDouble() * 1000));
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &window, sample);
    sampler.start(static_cast<int>(parser.value(sampleOpt).toDouble() * 1000));

    QTimer::singleShot(static_cast<int>(seconds * 1000), &window, [&] {
        drop.stop();
        sampler.stop();
        sample();
        // Resident memory after the first epoch both models finished, against every later sample.
        const auto first = std::find_if(samples.begin(), samples.end(),
                                        [](const Sample& s) { return s.epochs >= 1; });
        if (first == samples.end()) {
            std::printf("soak: no epoch finished in %.0f s; nothing to compare\n", seconds);
            exitCode = 3;
        } else {
            long lo = first->rssKiB, hi = first->rssKiB;
            for (auto s = first; s != samples.end(); ++s)
                lo = std::min(lo, s->rssKiB), hi = std::max(hi, s->rssKiB);
            const double base = static_cast<double>(first->rssKiB);
            const double up = (hi - base) / base, down = (base - lo) / base;
            const bool flat = up <= tolerance && down <= tolerance;
            std::printf("soak: %.0f s, %d images dropped, %d epochs; RSS after the first epoch "
                        "(%.0f s) %.1f MiB, then between %.1f and %.1f MiB (%+.1f %% / %+.1f %%), "
                        "at the end %.1f MiB (%+.1f %%): %s (tolerance %.0f %%)\n",
                        samples.back().seconds, dropped, samples.back().epochs, first->seconds,
                        base / 1024, lo / 1024.0, hi / 1024.0, -100 * down, 100 * up,
                        samples.back().rssKiB / 1024.0, 100 * (samples.back().rssKiB - base) / base,
                        flat ? "FLAT" : "NOT FLAT", 100 * tolerance);
            exitCode = flat ? 0 : 1;
        }
        std::fflush(stdout);
        window.close(); // stops training first; the window closes afterwards
    });
    const int loop = QApplication::exec();
    return loop != 0 ? loop : exitCode;
}
