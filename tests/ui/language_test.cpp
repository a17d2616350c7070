// The Language suite of the workbench's Qt Test suites (ui_tests Language): the window under the
// Simplified Chinese translation, and View → Language. Its own process (ctest runs each suite
// alone), since a translator is installed application-wide.
#include <algorithm>
#include <functional>
#include <vector>

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "comparison_table.h"
#include "curve_sheet.h"
#include "language.h"
#include "main_window.h"
#include "model_card.h"
#include "problem_text.h"
#include "resdense/experiments.h"
#include "resdense/run_config.h"
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

    // Every rule the engine checks a run's settings against reaches the window as a problem
    // (field, code, values) and is worded in Chinese, with the model named and the values in the
    // locale's form: one bad value per rule, each from the engine's own check.
    void everySettingsProblemIsWordedInChinese()
    {
        QVERIFY(installTranslations(QStringLiteral("zh_CN")));
        using Edit = std::function<void(resdense::RunConfig&)>;
        const std::vector<std::pair<const char*, Edit>> edits = {
            {"epochs", [](auto& c) { c.epochs = 0; }},
            {"threads", [](auto& c) { c.threads = -2; }},
            {"world_size", [](auto& c) { c.world_size = 0; }},
            {"batch_size", [](auto& c) { c.world_size = 8, c.batch_size = 4; }},
            {"batch_size", [](auto& c) { c.batch_size = 100000; }},
            {"val_every", [](auto& c) { c.val_every = -1; }},
            {"val_subset", [](auto& c) { c.val_subset = -1; }},
            {"device", [](auto& c) { c.device = "tpu"; }},
            {"dataset.channels", [](auto& c) { c.dataset.channels = 2; }},
            {"dataset.image_size", [](auto& c) { c.dataset.image_size = 4; }},
            {"dataset.limit", [](auto& c) { c.dataset.limit = -1; }},
            {"dataset.test_limit", [](auto& c) { c.dataset.test_limit = -1; }},
            {"dataset.val_fraction", [](auto& c) { c.dataset.val_fraction = 1.5; }},
            {"input.resize", [](auto& c) { c.input.resize = -1; }},
            {"input.crop", [](auto& c) { c.input.crop = 4096; }},
            {"input.crop", [](auto& c) { c.input.resize = 64, c.input.crop = 96; }},
            {"input.normalize", [](auto& c) { c.input.normalize = "zscore"; }},
            {"slots", [](auto& c) { c.slots.clear(); }},
            {"slots.name", [](auto& c) { c.slots[0].name = "../x"; }},
            {"slots.name", [](auto& c) { c.slots[1].name = c.slots[0].name; }},
            {"slots.a.lr", [](auto& c) { c.slots[0].optimizer.lr = 1000; }},
            {"slots.a.momentum", [](auto& c) { c.slots[0].optimizer.momentum = 1; }},
            {"slots.a.weight_decay", [](auto& c) { c.slots[0].optimizer.weight_decay = -1; }},
            {"slots.a.nesterov",
             [](auto& c) { c.slots[0].optimizer.nesterov = true, c.slots[0].optimizer.momentum = 0; }},
            {"slots.a.betas", [](auto& c) { c.slots[0].optimizer.beta2 = 1; }},
            {"slots.a.eps", [](auto& c) { c.slots[0].optimizer.eps = 0; }},
            {"slots.a.label_smoothing", [](auto& c) { c.slots[0].label_smoothing = 1; }},
            {"slots.a.clip_grad_norm", [](auto& c) { c.slots[0].clip_grad_norm = -1; }},
            {"slots.a.gamma", [](auto& c) { c.slots[0].schedule.gamma = 2; }},
            {"slots.a.min_lr", [](auto& c) { c.slots[0].schedule.min_lr = -1; }},
            {"slots.a.milestones", [](auto& c) { c.slots[0].schedule.milestones = {1e6}; }},
            {"slots.a.warmup_epochs", [](auto& c) { c.slots[0].schedule.warmup_epochs = 1e6; }},
            {"slots.a.pct_start",
             [](auto& c) {
                 c.slots[0].schedule.kind = resdense::ScheduleKind::OneCycle;
                 c.slots[0].schedule.pct_start = 1;
             }},
            {"slots.a.div_factor",
             [](auto& c) {
                 c.slots[0].schedule.kind = resdense::ScheduleKind::OneCycle;
                 c.slots[0].schedule.div_factor = 0.5;
             }},
            {"slots.a.final_div_factor",
             [](auto& c) {
                 c.slots[0].schedule.kind = resdense::ScheduleKind::OneCycle;
                 c.slots[0].schedule.final_div_factor = 0.5;
             }},
            {"slots.a.pretrained", [](auto& c) { c.slots[0].pretrained.source = "imagenet"; }},
            {"slots.a.pretrained", [](auto& c) { c.slots[0].pretrained.sha256 = "xyz"; }},
            {"slots.a.freeze", [](auto& c) { c.slots[0].freeze = "half"; }},
            {"slots.a.head_lr_mult", [](auto& c) { c.slots[0].head_lr_mult = 0; }},
            {"slots.a.model.depth", [](auto& c) { c.slots[0].model.depth = 21; }},
            {"slots.a.model.width", [](auto& c) { c.slots[0].model.width = 0; }},
            {"slots.a.model.shortcut", [](auto& c) { c.slots[0].model.shortcut = 'C'; }},
            {"slots.a.model.in_channels", [](auto& c) { c.slots[0].model.in_channels = 0; }},
            {"slots.a.model.num_classes", [](auto& c) { c.slots[0].model.num_classes = 0; }},
            {"slots.b.model.depth", [](auto& c) { c.slots[1].model.depth = 41; }},
            {"slots.b.model.growth_rate", [](auto& c) { c.slots[1].model.growth_rate = 0; }},
            {"slots.b.model.compression", [](auto& c) { c.slots[1].model.compression = 1.5; }},
            {"slots.b.model.dropout", [](auto& c) { c.slots[1].model.dropout = 1; }},
            {"slots.b.model.bn_size", [](auto& c) { c.slots[1].model.bn_size = 0; }},
            {"slots.b.model.init_features", [](auto& c) { c.slots[1].model.init_features = -1; }},
            {"slots.b.model.block_config", [](auto& c) { c.slots[1].model.block_config = {6, 0}; }},
        };
        const QRegularExpression chinese(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
        for (const auto& [field, edit] : edits) {
            resdense::RunConfig c = resdense::default_experiment();
            QVERIFY(!resdense::check(c));
            edit(c);
            const auto problem = resdense::check(c);
            QVERIFY2(problem, field);
            QCOMPARE(QString::fromStdString(problem->field), QString::fromUtf8(field));
            const QString text = problemText(*problem);
            QVERIFY2(problemHasWording(*problem), qPrintable(text));
            QVERIFY2(text.contains(chinese), qPrintable(text));
            if (QByteArray(field).startsWith("slots.a."))
                QVERIFY2(text.startsWith(QString::fromUtf8("模型 A：")), qPrintable(text));
        }
        // The values in the locale's form; the interval as the engine gives it.
        resdense::RunConfig c = resdense::default_experiment();
        c.slots[0].optimizer.lr = 250;
        QCOMPARE(problemText(*resdense::check(c)),
                 QString::fromUtf8("模型 A：学习率必须在 (0, 100) 之内；当前为 250"));
        c = resdense::default_experiment();
        c.dataset.image_size = 2048;
        QCOMPARE(problemText(*resdense::check(c)),
                 QString::fromUtf8("图像尺寸（像素）必须在 [8, 1024] 之内；当前为 2,048"));
        // A code this version does not know falls back to the engine's sentence.
        const resdense::Problem unknown{"epochs", "new_rule", "a rule from a later version", {}};
        QVERIFY(!problemHasWording(unknown));
        QCOMPARE(problemText(unknown), QStringLiteral("a rule from a later version"));
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
