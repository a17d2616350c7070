// The workbench's Qt Test suites, run on the offscreen platform. Each suite is its own file and
// its own ctest entry: `ui_tests Basics|Configuration|Training|Language|Insight`.
#include <memory>

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include "metric_types.h"
#include "resdense/build_info.h"
#include "ui_test_support.h"

using namespace resdense::ui;
using namespace resdense::ui::test;

int main(int argc, char* argv[])
{
    QStandardPaths::setTestModeEnabled(true); // settings in ~/.qttest, not the user's
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ResDense"));
    Q_INIT_RESOURCE(resources);
    registerMetricTypes();
    resdense::keep_freed_memory();

    // ui_tests [Suite] [QTest arguments...]
    QString only;
    QStringList args = app.arguments();
    if (args.size() > 1 && !args[1].startsWith(QLatin1Char('-'))) {
        only = args[1];
        args.removeAt(1);
    }
    // Each suite starts from default settings, in a settings file of its own (ctest runs the
    // suites in parallel; the windows save their settings when they close).
    QApplication::setApplicationName(QStringLiteral("WorkbenchTests-") +
                                     (only.isEmpty() ? QStringLiteral("all") : only));
    const std::unique_ptr<QObject> basics = makeBasics(), configuration = makeConfiguration(),
                                   training = makeTraining(), language = makeLanguage(),
                                   insight = makeInsight();
    const std::initializer_list<QObject*> suites{basics.get(), configuration.get(), training.get(),
                                                 language.get(), insight.get()};
    QStringList names;
    for (QObject* suite : suites)
        names << QString::fromLatin1(suite->metaObject()->className());
    if (!only.isEmpty() && !names.contains(only)) {
        qCritical().noquote() << QStringLiteral("ui_tests: no suite '%1'; valid suites: %2")
                                     .arg(only, names.join(QStringLiteral(", ")));
        return 2;
    }
    int failures = 0;
    for (QObject* suite : suites)
        if (only.isEmpty() || only == QLatin1String(suite->metaObject()->className())) {
            QSettings().clear();
            failures += QTest::qExec(suite, args);
        }
    return failures;
}
