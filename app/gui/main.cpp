// resdense-workbench: the desktop workbench. Everything but start-up lives in ui/.
#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include "curves_view.h"
#include "language.h"
#include "main_window.h"
#include "metric_types.h"
#include "report_writer.h"
#include "resdense/build_info.h"
#include "resdense/experiments.h"
#include "text_format.h"

using resdense::ui::MainWindow;

int main(int argc, char* argv[])
{
    Q_INIT_RESOURCE(resources); // the icons live in the static ui library
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ResDense"));
    QApplication::setOrganizationDomain(QStringLiteral("resdense.github.io"));
    QApplication::setApplicationName(QStringLiteral("Workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("ResDense Workbench"));
    QApplication::setApplicationVersion(QString::fromStdString(resdense::version()));
    QApplication::setDesktopFileName(QStringLiteral("io.github.resdense.Workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/resdense-workbench.svg")));
    resdense::ui::registerMetricTypes();
    // Before any thread exists: a thread keeps the malloc arena it first used (see build_info.h;
    // the training speed depends on it).
    resdense::keep_freed_memory();
    // Classifying dropped images uses every core until a run sets its own thread count (LibTorch
    // starts with one here; densenet121 at 224 px takes 9 times as long on one of two cores).
    resdense::set_threads(0);

    // The language chosen in View → Language (the system's by default): Qt's strings and ours.
    resdense::ui::installTranslations(resdense::ui::languageSetting());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Train ResNet and DenseNet image classifiers side by "
                                        "side and compare them live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption start(QStringLiteral("start"),
                                   QApplication::translate("main", "Start training at once with "
                                                                   "the last settings."));
    const QCommandLineOption quitAfter(
        QStringLiteral("quit-after"),
        QApplication::translate("main", "Stop and quit after this many seconds, printing the "
                                        "event loop's latency (for measurements)."),
        QStringLiteral("seconds"));
    const QCommandLineOption smoke(QStringLiteral("smoke-test"),
                                   QApplication::translate("main", "Open the window, let it "
                                                                   "settle, and exit (0 if all "
                                                                   "went well)."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "With --quit-after: save a picture of the window to this "
                                        "PNG file just before quitting."),
        QStringLiteral("file"));
    const QCommandLineOption recipe(
        QStringLiteral("recipe"),
        QApplication::translate("main", "Load a named experiment first: default, tutorial or "
                                        "tutorial-probe (as Recipes in the menu)."),
        QStringLiteral("name"));
    const QCommandLineOption report(
        QStringLiteral("report"),
        QApplication::translate("main", "Write the comparison report of this run folder to the "
                                        "file -o names (.html or .pdf) and exit, without a "
                                        "window."),
        QStringLiteral("run"));
    const QCommandLineOption output(
        {QStringLiteral("o"), QStringLiteral("output")},
        QApplication::translate("main", "With --report: the report file (.html or .pdf)."),
        QStringLiteral("file"));
    const QCommandLineOption classifyEvery(
        QStringLiteral("classify-every"),
        QApplication::translate("main", "Classify the images given again every this many seconds, "
                                        "as if dropped (for measurements)."),
        QStringLiteral("seconds"));
    parser.addOption(classifyEvery);
    parser.addOption(recipe);
    parser.addOption(report);
    parser.addOption(output);
    parser.addOption(start);
    parser.addOption(screenshot);
    parser.addOption(quitAfter);
    parser.addOption(smoke);
    parser.addPositionalArgument(
        QStringLiteral("paths"),
        QApplication::translate("main", "A run folder to open, or images to classify."),
        QStringLiteral("[paths...]"));
    parser.process(app);

    if (parser.isSet(report)) { // headless: no window
        const QString message =
            parser.value(output).isEmpty()
                ? QApplication::translate("main", "--report needs the report file: -o FILE.html "
                                                  "or -o FILE.pdf.")
                : resdense::ui::writeReport(parser.value(report), parser.value(output));
        if (!message.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            return 1;
        }
        return 0;
    }

    MainWindow window;
    window.show();

    if (parser.isSet(recipe))
        window.loadRecipe(parser.value(recipe));
    QStringList images;
    for (const QString& path : parser.positionalArguments()) {
        if (resdense::is_run_or_repeats_folder(path.toStdString()))
            window.openRun(path);
        else
            images << path;
    }
    if (!images.isEmpty())
        window.classifyFiles(images);
    if (!images.isEmpty() && parser.isSet(classifyEvery)) {
        auto* again = new QTimer(&window);
        QObject::connect(again, &QTimer::timeout, &window,
                         [&window, images] { window.classifyFiles(images); });
        again->start(static_cast<int>(parser.value(classifyEvery).toDouble() * 1000));
    }
    if (parser.isSet(start))
        QTimer::singleShot(0, &window, [&window] { window.startTraining(); });

    if (parser.isSet(smoke)) {
        window.setInteractive(false);
        QTimer::singleShot(1500, &window, [&window] {
            const bool ok = window.isVisible() && window.lastError().isEmpty();
            std::printf("smoke test: window %s, title \"%s\", %s\n",
                        window.isVisible() ? "shown" : "hidden", qPrintable(window.windowTitle()),
                        ok ? "ok" : qPrintable(window.lastError()));
            window.close();
            QApplication::exit(ok ? 0 : 1);
        });
    }
    if (parser.isSet(quitAfter)) {
        window.setInteractive(false);
        const int ms = static_cast<int>(parser.value(quitAfter).toDouble() * 1000);
        const QString shot = parser.value(screenshot);
        QTimer::singleShot(ms, &window, [&window, shot] {
            if (!shot.isEmpty() && !window.grab().save(shot))
                std::fprintf(stderr, "could not write the screenshot %s\n", qPrintable(shot));
            const auto& p = window.probe();
            std::printf("event loop lateness over %d samples: median %.1f ms, p99 %.1f ms, "
                        "max %.1f ms; curve replots %d\n",
                        p.samples(), p.percentileMs(50), p.percentileMs(99), p.maxMs(),
                        window.curves()->replots());
            for (int slot = 0; slot < 2; ++slot) {
                const auto& batches = window.store().batches(slot);
                if (!batches.empty())
                    std::printf("model %c: %lld batches, %.0f images/s over the run\n", 'A' + slot,
                                static_cast<long long>(batches.size()),
                                batches.back().images_seen / batches.back().elapsed_seconds);
            }
            std::fflush(stdout);
            window.close(); // stops training first when it runs; the window closes afterwards
        });
    }
    return QApplication::exec();
}
