// The Language suite of the workbench's Qt Test suites (ui_tests Language): the window under the
// Simplified Chinese translation, and View → Language. Its own process (ctest runs each suite
// alone), since a translator is installed application-wide.
#include <algorithm>

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "comparison_table.h"
#include "curve_sheet.h"
#include "language.h"
#include "main_window.h"
#include "model_card.h"
#include "text_format.h"
#include "ui_test_support.h"

using namespace resdense::ui;
using namespace resdense::ui::test;

namespace {

QStringList menuTitles(MainWindow& w)
{
    QStringList titles;
    for (QAction* action : w.menuBar()->actions())
        titles << action->text();
    return titles;
}

QMenu* menuNamed(QMenu* parent, const QString& title)
{
    for (QAction* action : parent->actions())
        if (action->menu() && action->text() == title)
            return action->menu();
    return nullptr;
}

QMenu* topMenu(MainWindow& w, const QString& title)
{
    for (QAction* action : w.menuBar()->actions())
        if (action->text() == title)
            return action->menu();
    return nullptr;
}

bool hasLabel(QWidget* widget, const QString& text)
{
    for (QLabel* label : widget->findChildren<QLabel*>())
        if (label->text() == text)
            return true;
    return false;
}

} // namespace

class Language : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { removeTranslations(); }

    // The window as main() starts it with LANG=zh_CN.UTF-8 (View → Language: System).
    void windowSpeaksSimplifiedChinese()
    {
        QVERIFY(installTranslations(QStringLiteral("zh_CN")));
        QCOMPARE(activeLanguage(), QStringLiteral("zh_CN"));
        QCOMPARE(QLocale().language(), QLocale::Chinese);
        MainWindow w;
        w.setInteractive(false);
        // Menus, with their accelerators.
        const QStringList titles = menuTitles(w);
        for (const char* title :
             {"文件(&F)", "编辑(&E)", "实验方案(&R)", "训练(&T)", "视图(&V)", "帮助(&H)"})
            QVERIFY2(titles.contains(QString::fromUtf8(title)), qPrintable(titles.join(u' ')));
        QCOMPARE(w.startAction()->text(), QString::fromUtf8("开始(&S)"));
        QMenu* view = topMenu(w, QString::fromUtf8("视图(&V)"));
        QVERIFY(view);
        QVERIFY(menuNamed(view, QString::fromUtf8("语言 / Language(&L)")));
        // The state in the title, the model cards' titles and fields (the glossary's terms).
        QCOMPARE(w.windowTitle(), QString::fromUtf8("就绪"));
        QCOMPARE(w.card(0)->title(), QString::fromUtf8("模型 A"));
        QVERIFY(hasLabel(w.card(1), QString::fromUtf8("增长率 k：")));
        QVERIFY(hasLabel(w.card(1), QString::fromUtf8("压缩系数 θ：")));
        QVERIFY(hasLabel(w.card(0), QString::fromUtf8("学习率：")));
        QVERIFY(hasLabel(w.card(0), QString::fromUtf8("权重衰减：")));
        QVERIFY(hasLabel(&w, QString::fromUtf8("尚无训练好的模型。")));
        QVERIFY(w.card(1)->depthSpin()->toolTip().contains(QString::fromUtf8("瓶颈层")));
        // A message in the window: a wrong depth, worded from the engine's problem code.
        QVERIFY(waitForDataset(w));
        w.card(0)->depthSpin()->setValue(21); // not 6n+2
        QVERIFY2(w.startProblem().startsWith(QString::fromUtf8("模型 A：")),
                 qPrintable(w.startProblem()));
        QVERIFY2(w.startProblem().contains(QString::fromUtf8("深度必须为 6n+2")),
                 qPrintable(w.startProblem()));
        QVERIFY(!w.startAction()->isEnabled());
        // An exported chart: its axes and legend; an export's error message.
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("loss.svg"));
        QCOMPARE(w.exportChartTo(svg, ChartPart::Loss), QString());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString drawing = QString::fromUtf8(file.readAll());
        for (const char* text : {"轮次", "损失", "训练"})
            QVERIFY2(drawing.contains(QString::fromUtf8(text)), text);
        QVERIFY(w.exportChartTo(dir.filePath(QStringLiteral("x.bmp")), ChartPart::Sheet)
                    .startsWith(QString::fromUtf8("图表只能导出为")));
        // Chart axes and numbers with units.
        QCOMPARE(xAxisLabel(XAxis::Epoch), QString::fromUtf8("轮次"));
        QCOMPARE(formatDuration(42), QString::fromUtf8("42 秒"));
        QCOMPARE(formatPercent(0.9124), QString::fromUtf8("91.24%"));
        QCOMPARE(statusText(resdense::SlotStatus::Diverged), QString::fromUtf8("已发散"));
    }

    // At the default size, every label, check box and button of the window shows its whole
    // Chinese text (the fields of both cards, DenseNet's included, the toolbar, the table).
    void noClippedTextInChinese()
    {
        QVERIFY(installTranslations(QStringLiteral("zh_CN")));
        MainWindow w;
        w.setInteractive(false);
        w.resize(1500, 940);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList clipped;
        // Too narrow itself, or cut off at the right by a widget it lies in (a scroll area's
        // viewport, a splitter's pane).
        auto check = [&](QWidget* widget, const QString& text, int needed) {
            if (!widget->isVisibleTo(&w))
                return;
            int room = widget->width();
            for (QWidget* p = widget->parentWidget(); p && p != &w; p = p->parentWidget())
                room = std::min(room, p->width() - widget->mapTo(p, QPoint(0, 0)).x());
            if (room < needed)
                clipped << QStringLiteral("%1 \"%2\": %3 < %4 px")
                               .arg(QString::fromLatin1(widget->metaObject()->className()), text)
                               .arg(room)
                               .arg(needed);
        };
        for (ModelCard* card : {w.card(0), w.card(1)}) {
            resdense::SlotConfig s = card->slotConfig();
            s.model = resdense::model_spec(card == w.card(0) ? "resnet20" : "densenet-bc-100");
            card->load(s);
        }
        QTest::qWait(50);
        for (QLabel* label : w.findChildren<QLabel*>())
            if (!label->wordWrap() && !label->text().isEmpty() &&
                label->textFormat() != Qt::RichText && !label->text().contains(u'<'))
                check(label, label->text(), label->minimumSizeHint().width());
        for (QAbstractButton* button : w.findChildren<QAbstractButton*>())
            if (!button->text().isEmpty())
                check(button, button->text(), button->minimumSizeHint().width());
        QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("\n"))));
    }

    // English is the source: no translator, and the window reads as written.
    void englishNeedsNoTranslation()
    {
        QVERIFY(installTranslations(QStringLiteral("en")));
        QCOMPARE(activeLanguage(), QStringLiteral("en"));
        QCOMPARE(effectiveLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(menuTitles(w).contains(QStringLiteral("&File")));
        QCOMPARE(w.card(0)->title(), QStringLiteral("Model A"));
        QCOMPARE(formatDuration(42), QStringLiteral("42 s"));
    }

    // View → Language stores the choice (applied at the next start); System by default.
    void languageMenuRemembersTheChoice()
    {
        QCOMPARE(languageSetting(), QStringLiteral("system"));
        MainWindow w;
        w.setInteractive(false); // no restart question
        QMenu* language =
            menuNamed(topMenu(w, QStringLiteral("&View")), QStringLiteral("&Language"));
        QVERIFY(language);
        QStringList codes;
        QAction* chinese = nullptr;
        for (QAction* action : language->actions()) {
            codes << action->data().toString();
            if (action->data().toString() == QLatin1String("zh_CN"))
                chinese = action;
        }
        QCOMPARE(codes, languageChoices());
        QVERIFY(language->actions().front()->isChecked()); // System
        QCOMPARE(chinese->text(), QString::fromUtf8("简体中文"));
        chinese->trigger();
        QVERIFY(chinese->isChecked());
        QCOMPARE(languageSetting(), QStringLiteral("zh_CN"));
        setLanguageSetting(QStringLiteral("no-such-language"));
        QCOMPARE(languageSetting(), QStringLiteral("system"));
    }
};

std::unique_ptr<QObject> resdense::ui::test::makeLanguage()
{
    return std::make_unique<Language>();
}

#include "language_test.moc"
