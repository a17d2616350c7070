// The comparison report's content: a run folder read back, its pictures drawn, its text worded in
// HTML that both a browser and QTextDocument (for the PDF) lay out.
#include "report_builder.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QSvgGenerator>
#include <QSysInfo>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include "cam_image.h"
#include "comparison_table.h"
#include "confusion_painter.h"
#include "curve_sheet.h"
#include "metrics_store.h"
#include "model_card.h"
#include "qcustomplot_include.h"
#include "resdense/build_info.h"
#include "resdense/error.h"
#include "resdense/grad_cam.h"
#include "resdense/pixel_image.h"
#include "resdense/predictions.h"
#include "resdense/run_record.h"
#include "resdense/run_statistics.h"
#include "run_insight.h"
#include "slot_map.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

constexpr int kPageWidth = kReportWidth;
constexpr int kThumb = 96; // a test image and its Grad-CAMs
constexpr int kSamplesPerKind = 6;
constexpr double kMatrixPoints = 6.5; // "+17" fits a cell of a 10-class matrix at half the page

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString escLines(const QString& s)
{
    return esc(s).replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString number(double v)
{
    return QLocale().toString(v, 'g', 6);
}

QString imgTag(const ReportImage& image, const QString& alt, const QString& cls = {})
{
    return QStringLiteral("<img src=\"%1\" width=\"%2\" height=\"%3\" alt=\"%4\"%5>")
        .arg(reportImageUrl(image.id))
        .arg(image.size.width())
        .arg(image.size.height())
        .arg(esc(alt), cls.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(cls));
}

QByteArray pngBytes(const QImage& image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A drawing as PNG (twice the pixels, for print) and SVG.
ReportImage paintPicture(const QString& id, QSize size,
                         const std::function<void(QPainter&, const QRectF&)>& draw,
                         double pointSize = 7.5)
{
    ReportImage out{id, {}, {}, size};
    const QRectF rect(QPointF(0, 0), QSizeF(size));
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    // The same font size in both (QSvgGenerator counts 72 dots per inch unless told): the
    // painters leave out a cell's number that does not fit, and both must leave out the same.
    QFont font = QGuiApplication::font();
    font.setPointSizeF(pointSize);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.setFont(font);
        draw(painter, rect);
    }
    out.png = pngBytes(image);
    QBuffer svgBuffer(&out.svg);
    svgBuffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&svgBuffer);
    svg.setSize(size);
    svg.setViewBox(rect);
    svg.setResolution(image.logicalDpiX());
    {
        QPainter painter(&svg);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setFont(font);
        painter.fillRect(rect, Qt::white);
        draw(painter, rect);
    }
    return out;
}

// A small test image as a thumbnail: blown up with hard pixel edges (a 28 px image smoothed to
// 96 px is a blur), larger ones scaled down smoothly. Shown at most kThumb CSS pixels wide.
ReportImage thumbnail(const QString& id, const QImage& image)
{
    const QSize shown = image.size().scaled(kThumb, kThumb, Qt::KeepAspectRatio);
    QImage stored;
    if (image.width() <= kThumb && image.height() <= kThumb) {
        const int longest = std::max(1, std::max(image.width(), image.height()));
        const int factor = (2 * kThumb + longest - 1) / longest;
        stored = image.scaled(image.size() * factor, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    } else {
        stored = image.scaled(shown * 2, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return ReportImage{id, pngBytes(stored), {}, shown};
}

QString cpuName()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (const QByteArray& line : lines)
            if (line.startsWith("model name")) {
                const int colon = line.indexOf(':');
                if (colon >= 0)
                    return QString::fromUtf8(line.mid(colon + 1)).trimmed();
            }
    }
    return QSysInfo::currentCpuArchitecture();
}

} // namespace

class ReportBuilder {
    Q_DECLARE_TR_FUNCTIONS(resdense::ui::ReportBuilder)
public:
    explicit ReportBuilder(const QString& runDir);
    ReportDocument build();

private:
    void header();
    void results();
    void curves();
    void settings();
    void classes();
    void disagreements();
    void environment();

    void note(const QString& html);
    const resdense::SlotConfig* slotConfig(int card) const;
    QString slotName(int card) const; // "a" or "b" as the run names it
    QString className(std::int64_t index) const;
    QString tableHead(const QStringList& columns) const;
    QString tableTitle(const QString& title) const; // a two-column table under one heading
    QString settingsRow(const QString& label, const std::array<QString, 2>& values) const;
    QString optimizerText(const resdense::OptimizerConfig& o) const;
    QString scheduleText(const resdense::ScheduleConfig& s) const;
    ReportImage& add(ReportImage image);

    QString m_dir;
    resdense::RunRecord m_record;
    SlotMap m_slots;
    std::array<QString, 2> m_names;
    std::array<bool, 2> m_present{};
    std::optional<resdense::RunSummary> m_summary; // by card
    MetricsStore m_store;
    RunInsight m_insight;
    ReportDocument m_doc;
    QString m_html;
};

ReportBuilder::ReportBuilder(const QString& runDir)
    : m_dir(QDir::cleanPath(QFileInfo(runDir).absoluteFilePath()))
{
    m_record = resdense::read_run(m_dir.toStdString()); // throws: not a run
    m_slots = SlotMap(m_record.config);
    for (std::size_t i = 0; i < m_record.config.slots.size() && i < m_slots.size(); ++i) {
        const int card = m_slots.cards()[i];
        if (card < 0 || card > 1)
            continue;
        m_present[card] = true;
        m_names[card] = QStringLiteral("%1 · %2").arg(
            slotLabel(card), shortModelName(m_record.config.slots[i].model));
    }
    for (int s = 0; s < 2; ++s)
        m_store.setModelName(s, m_names[s]);
    m_store.load(m_record, m_slots.cards());
    if (m_record.summary)
        m_summary = m_slots.toCards(*m_record.summary);
    m_insight = loadRunInsight(m_dir, /*withImages=*/true, /*withModels=*/true);
}

const resdense::SlotConfig* ReportBuilder::slotConfig(int card) const
{
    for (std::size_t i = 0; i < m_record.config.slots.size() && i < m_slots.size(); ++i)
        if (m_slots.cards()[i] == card)
            return &m_record.config.slots[i];
    return nullptr;
}

QString ReportBuilder::slotName(int card) const
{
    const resdense::SlotConfig* c = slotConfig(card);
    return c ? qs(c->name) : QString();
}

QString ReportBuilder::className(std::int64_t index) const
{
    if (index >= 0 && index < m_insight.classes.size())
        return m_insight.classes[static_cast<int>(index)];
    return tr("class %1").arg(index);
}

ReportImage& ReportBuilder::add(ReportImage image)
{
    m_doc.images.push_back(std::move(image));
    return m_doc.images.back();
}

void ReportBuilder::note(const QString& html)
{
    m_html += QStringLiteral("<table class=\"note\" width=\"100%\" border=\"1\" cellspacing=\"0\" "
                             "cellpadding=\"8\" bgcolor=\"#fff3cd\"><tr><td>%1</td></tr></table>")
                  .arg(html);
}

QString ReportBuilder::tableHead(const QStringList& columns) const
{
    QString html = QStringLiteral("<table class=\"grid\" width=\"100%\" border=\"1\" "
                                  "cellspacing=\"0\" cellpadding=\"4\"><tr>");
    for (const QString& c : columns)
        html += QStringLiteral("<th bgcolor=\"#e8edf3\" align=\"left\">%1</th>").arg(esc(c));
    return html + QStringLiteral("</tr>");
}

QString ReportBuilder::tableTitle(const QString& title) const
{
    return QStringLiteral("<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" "
                          "cellpadding=\"4\"><tr><th colspan=\"2\" bgcolor=\"#e8edf3\" "
                          "align=\"left\">%1</th></tr>")
        .arg(esc(title));
}

QString ReportBuilder::settingsRow(const QString& label, const std::array<QString, 2>& values) const
{
    QString html =
        QStringLiteral("<tr><th bgcolor=\"#f4f6f9\" align=\"left\">%1</th>").arg(esc(label));
    for (int s = 0; s < 2; ++s)
        if (m_present[s])
            html += QStringLiteral("<td>%1</td>").arg(esc(values[s]));
    return html + QStringLiteral("</tr>");
}

ReportDocument ReportBuilder::build()
{
    QStringList shown;
    for (int s = 0; s < 2; ++s)
        if (m_present[s])
            shown << m_names[s];
    m_doc.title = tr("Comparison report: %1").arg(shown.join(tr(" vs ")));
    header();
    results();
    curves();
    classes();
    disagreements();
    settings();
    environment();
    m_doc.body = m_html;
    return std::move(m_doc);
}

void ReportBuilder::header()
{
    m_html += QStringLiteral("<h1>%1</h1>").arg(esc(m_doc.title));
    const auto& c = m_record.config;
    QString state;
    if (!m_record.summary)
        state = tr("interrupted after epoch %1 of %2 (resumable)")
                    .arg(m_record.epochs_done)
                    .arg(c.epochs);
    else if (!m_record.summary->completed)
        state = tr("stopped after epoch %1 of %2").arg(m_record.epochs_done).arg(c.epochs);
    else
        state = tr("completed (epochs: %1)").arg(c.epochs);
    m_html +=
        QStringLiteral("<p>%1<br>%2<br><span class=\"small\">%3</span></p>")
            .arg(
                esc(tr("Dataset: %1 · %2").arg(qs(c.dataset.spec), state)),
                esc(tr("Run folder: %1").arg(QDir::toNativeSeparators(m_dir))),
                esc(tr("Report made on %1 by ResDense Workbench %2")
                        .arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat),
                             qs(resdense::version()))));
    if (!m_insight.problem.isEmpty())
        note(QStringLiteral("<b>%1</b> %2")
                 .arg(esc(tr("Not everything is in this report.")), escLines(m_insight.problem)));
}

void ReportBuilder::results()
{
    m_html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Results")));
    ComparisonTable table;
    for (int s = 0; s < 2; ++s)
        table.setModel(s, m_names[s], std::nullopt, m_present[s]);
    table.setRunSummary(m_summary);
    table.update(m_store);
    if (!m_summary)
        for (int s = 0; s < 2; ++s)
            if (m_present[s])
                table.setStatus(s, tr("interrupted (resumable)"));

    // The statistical verdict, as the window's table gives it: McNemar on the final weights'
    // test predictions.
    QString detail;
    if (m_present[0] && m_present[1]) {
        try {
            const auto report = resdense::compare_runs({m_dir.toStdString()});
            const auto& d = report.runs.front();
            table.setVerdict(d.verdict, QStringLiteral("-"));
            detail =
                tr("Only A right on %1 test images, only B right on %2; McNemar exact p = %3. "
                   "B − A = %4 points (95 % bootstrap interval %5 to %6).")
                    .arg(d.mcnemar.a_only_correct)
                    .arg(d.mcnemar.b_only_correct)
                    .arg(d.mcnemar.p_value, 0, 'g', 3)
                    .arg(formatNumber(d.difference.estimate, 2), formatNumber(d.difference.low, 2),
                         formatNumber(d.difference.high, 2));
        } catch (const std::exception& e) {
            detail = tr("No statistical verdict: %1").arg(qs(e.what()));
            table.setVerdict(std::nullopt, detail);
        }
    }

    QStringList head{QString()};
    for (int s = 0; s < 2; ++s)
        if (m_present[s])
            head << m_names[s];
    m_html += tableHead(head);
    for (int row = ComparisonTable::Parameters; row < ComparisonTable::Significance; ++row) {
        const auto r = static_cast<ComparisonTable::Row>(row);
        m_html += QStringLiteral("<tr><th bgcolor=\"#f4f6f9\" align=\"left\">%1</th>")
                      .arg(esc(table.verticalHeaderItem(row)->text()));
        for (int s = 0; s < 2; ++s) {
            if (!m_present[s])
                continue;
            const QString text = esc(table.text(r, s));
            m_html += table.item(row, s)->font().bold()
                          ? QStringLiteral("<td><b>%1</b></td>").arg(text)
                          : QStringLiteral("<td>%1</td>").arg(text);
        }
        m_html += QStringLiteral("</tr>");
    }
    if (m_present[0] && m_present[1])
        m_html += QStringLiteral("<tr><th bgcolor=\"#f4f6f9\" align=\"left\">%1</th>"
                                 "<td colspan=\"2\"><b>%2</b><br><span class=\"small\">%3</span>"
                                 "</td></tr>")
                      .arg(esc(table.verticalHeaderItem(ComparisonTable::Significance)->text()),
                           esc(table.text(ComparisonTable::Significance, 0)), esc(detail));
    m_html += QStringLiteral("</table>");
    m_html += QStringLiteral("<p class=\"small\">%1</p>")
                  .arg(esc(tr("Bold: the better of the two. Test accuracy is the final weights' "
                              "on the test split; the significance test compares the two models' "
                              "answers image by image on it.")));
}

void ReportBuilder::curves()
{
    m_html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Training curves")));
    if (!m_store.hasData(0) && !m_store.hasData(1)) {
        m_html += QStringLiteral("<p>%1</p>").arg(esc(tr("The run has no metrics yet.")));
        return;
    }
    const QSize size(kPageWidth, 330);
    for (const auto& [part, id] : {std::pair{ChartPart::Loss, QStringLiteral("loss")},
                                   std::pair{ChartPart::Accuracy, QStringLiteral("accuracy")}}) {
        QCustomPlot plot; // off screen, light palette, as exportChart draws it
        plot.resize(size);
        CurveSheet sheet(&plot);
        CurveOptions options;
        options.logLoss = true; // one early spike would flatten the rest of the curve
        sheet.build(options, part, QString(), m_names);
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        sheet.applyPalette(light);
        sheet.fill(m_store, /*rescale=*/true);
        ReportImage image{id, {}, {}, size};
        image.png = pngBytes(plot.toPixmap(size.width(), size.height(), 2.0).toImage());
        QBuffer svgBuffer(&image.svg);
        svgBuffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&svgBuffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(96); // as the PNG: QCustomPlot's fonts are in points
        QCPPainter painter(&svg);
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot.toPainter(&painter, size.width(), size.height());
        painter.end();
        m_html += QStringLiteral("<p>%1</p>")
                      .arg(imgTag(add(std::move(image)), part == ChartPart::Loss
                                                             ? tr("Loss per epoch")
                                                             : tr("Accuracy per epoch")));
    }
    m_html += QStringLiteral("<p class=\"small\">%1</p>")
                  .arg(esc(tr("Solid lines: training, per batch, smoothed (EMA 0.6); dashed "
                              "with dots: validation after each epoch; a star: the best epoch. "
                              "Loss on a logarithmic scale.")));
}

QString ReportBuilder::optimizerText(const resdense::OptimizerConfig& o) const
{
    QString text;
    switch (o.kind) {
    case resdense::OptimizerKind::SGD:
        text = o.nesterov
                   ? tr("SGD, lr %1, Nesterov momentum %2").arg(number(o.lr), number(o.momentum))
                   : tr("SGD, lr %1, momentum %2").arg(number(o.lr), number(o.momentum));
        break;
    case resdense::OptimizerKind::Adam:
    case resdense::OptimizerKind::AdamW:
        text = tr("%1, lr %2, betas %3 and %4")
                   .arg(o.kind == resdense::OptimizerKind::Adam ? QStringLiteral("Adam")
                                                                : QStringLiteral("AdamW"),
                        number(o.lr), number(o.beta1), number(o.beta2));
        break;
    }
    text += tr(", weight decay %1").arg(number(o.weight_decay));
    if (o.decay_norm_and_bias)
        text += tr(" (norms and biases too)");
    return text;
}

QString ReportBuilder::scheduleText(const resdense::ScheduleConfig& s) const
{
    QString text;
    switch (s.kind) {
    case resdense::ScheduleKind::Constant: text = tr("constant"); break;
    case resdense::ScheduleKind::MultiStep: {
        QStringList at;
        for (double m : s.milestones)
            at << number(m);
        text =
            tr("multi-step: × %1 at epochs %2").arg(number(s.gamma), at.join(QStringLiteral(", ")));
        break;
    }
    case resdense::ScheduleKind::Cosine:
        text = tr("cosine down to %1").arg(number(s.min_lr));
        break;
    case resdense::ScheduleKind::OneCycle:
        text = tr("one-cycle: rising for %1 % of the steps, from lr / %2")
                   .arg(number(100.0 * s.pct_start), number(s.div_factor));
        break;
    }
    if (s.warmup_epochs > 0 && s.kind != resdense::ScheduleKind::OneCycle)
        text += tr(", %1 warm-up epochs").arg(number(s.warmup_epochs));
    return text;
}

void ReportBuilder::settings()
{
    m_html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Settings")));
    QStringList head{QString()};
    for (int s = 0; s < 2; ++s)
        if (m_present[s])
            head << m_names[s];
    m_html += tableHead(head);
    const auto perSlot = [&](const std::function<QString(const resdense::SlotConfig&)>& f) {
        std::array<QString, 2> v;
        for (int s = 0; s < 2; ++s)
            if (const auto* c = slotConfig(s))
                v[s] = f(*c);
        return v;
    };
    m_html += settingsRow(tr("Architecture"), perSlot([](const resdense::SlotConfig& c) {
                              return qs(resdense::describe(c.model));
                          }));
    m_html += settingsRow(tr("Starts from"), perSlot([](const resdense::SlotConfig& c) {
                              return c.pretrained.empty()
                                         ? tr("random initialisation (seeded)")
                                         : qs(c.pretrained.source.empty() ? c.pretrained.path
                                                                          : c.pretrained.source);
                          }));
    m_html += settingsRow(tr("Frozen"), perSlot([](const resdense::SlotConfig& c) {
                              if (c.freeze == "none")
                                  return tr("nothing: every layer trains");
                              if (c.freeze == "backbone")
                                  return tr("the backbone: only the classifier trains");
                              return qs(c.freeze);
                          }));
    m_html += settingsRow(tr("Optimizer"), perSlot([this](const resdense::SlotConfig& c) {
                              return optimizerText(c.optimizer);
                          }));
    m_html += settingsRow(
        tr("Learning-rate schedule"),
        perSlot([this](const resdense::SlotConfig& c) { return scheduleText(c.schedule); }));
    m_html +=
        settingsRow(tr("Classifier learning rate"), perSlot([](const resdense::SlotConfig& c) {
                        return tr("× %1").arg(number(c.head_lr_mult));
                    }));
    m_html += settingsRow(tr("Label smoothing"), perSlot([](const resdense::SlotConfig& c) {
                              return number(c.label_smoothing);
                          }));
    m_html += settingsRow(tr("Gradient clipping"), perSlot([](const resdense::SlotConfig& c) {
                              return c.clip_grad_norm > 0
                                         ? tr("norm %1").arg(number(c.clip_grad_norm))
                                         : tr("off");
                          }));
    m_html += QStringLiteral("</table>");

    // What both models share.
    const auto& c = m_record.config;
    const auto row = [this](const QString& label, const QString& value) {
        m_html += QStringLiteral("<tr><th bgcolor=\"#f4f6f9\" align=\"left\" width=\"30%\">%1</th>"
                                 "<td>%2</td></tr>")
                      .arg(esc(label), esc(value));
    };
    m_html += QStringLiteral("<p></p>") + tableTitle(tr("Both models"));
    QString data = qs(c.dataset.spec);
    if (c.dataset.limit > 0)
        data += tr(", at most %1 training images").arg(c.dataset.limit);
    if (c.dataset.test_limit > 0)
        data += tr(", at most %1 test images").arg(c.dataset.test_limit);
    row(tr("Dataset"), data);
    row(tr("Validation split"),
        tr("%1 % of the training images").arg(number(100.0 * c.dataset.val_fraction)));
    QStringList input;
    if (c.dataset.image_size > 0)
        input << tr("%1 px").arg(c.dataset.image_size);
    if (c.dataset.channels > 0)
        input << (c.dataset.channels == 1 ? tr("gray") : tr("RGB"));
    if (c.input.resize > 0)
        input << tr("resized to %1 px").arg(c.input.resize);
    if (c.input.crop > 0)
        input << (c.input.random_crop ? tr("random %1 px crop").arg(c.input.crop)
                                      : tr("centre %1 px crop").arg(c.input.crop));
    input << tr("normalised: %1").arg(qs(c.input.normalize));
    row(tr("Input"), input.join(QStringLiteral(", ")));
    QStringList augment;
    if (c.augment.crop_padding > 0)
        augment << tr("random crop after %1 px padding").arg(c.augment.crop_padding);
    if (c.augment.hflip)
        augment << tr("horizontal flips");
    if (c.augment.vflip)
        augment << tr("vertical flips");
    if (c.augment.erase_prob > 0)
        augment << tr("random erasing (p = %1)").arg(number(c.augment.erase_prob));
    row(tr("Augmentation"), augment.isEmpty() ? tr("none") : augment.join(QStringLiteral(", ")));
    row(tr("Epochs"), QString::number(c.epochs));
    row(tr("Batch size"), QString::number(c.batch_size));
    row(tr("Seed"), QString::number(c.seed));
    m_html += QStringLiteral("</table>");
}

void ReportBuilder::classes()
{
    m_html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Classes")));
    const bool test = m_insight.hasAnyTest();
    if (!test && !m_insight.hasAnyValidation()) {
        note(esc(m_insight.problem.isEmpty() ? tr("This run has no predictions to count.")
                                             : m_insight.problem));
        return;
    }
    const auto& matrices = test ? m_insight.test : m_insight.validation;
    const auto& has = test ? m_insight.hasTest : m_insight.hasValidation;
    bool best = test;
    for (int s = 0; s < 2; ++s)
        if (has[s] && test)
            best = best && QFileInfo::exists(qs(resdense::predictions_path(
                               m_dir.toStdString(), slotName(s).toStdString(), true)));
    QString where = test ? (best ? tr("On the test split, with each model's best checkpoint.")
                                 : tr("On the test split, with each model's final weights."))
                         : tr("On the validation split after the last epoch: this run has no "
                              "test results.");
    m_html += QStringLiteral("<p>%1</p>").arg(esc(where));

    QStringList classNames = m_insight.classes;
    int n = 0;
    for (int s = 0; s < 2; ++s)
        if (has[s])
            n = std::max(n, matrices[s].classes);
    for (int i = classNames.size(); i < n; ++i)
        classNames << tr("class %1").arg(i);

    // Confusion matrices: side by side while they stay readable at half the page.
    const bool sideBySide = n <= 12;
    const int side = sideBySide ? kPageWidth / 2 - 6 : kPageWidth;
    const QSize size(side, side);
    QStringList cells;
    for (int s = 0; s < 2; ++s) {
        if (!has[s])
            continue;
        const QString title = m_names[s];
        const auto& m = matrices[s];
        cells << imgTag(
            add(paintPicture(
                QStringLiteral("confusion-%1").arg(s), size,
                [&](QPainter& p, const QRectF& r) { paintConfusion(p, r, m, classNames, title); },
                kMatrixPoints)),
            title);
    }
    if (has[0] && has[1]) {
        const QString title = tr("A − B (points of each row)");
        cells << imgTag(add(paintPicture(
                            QStringLiteral("confusion-difference"), size,
                            [&](QPainter& p, const QRectF& r) {
                                paintConfusionDifference(p, r, matrices[0], matrices[1], classNames,
                                                         title);
                            },
                            kMatrixPoints)),
                        title);
    }
    m_html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\" border=\"0\">");
    const int perRow = sideBySide ? 2 : 1;
    for (int i = 0; i < cells.size(); i += perRow) {
        m_html += QStringLiteral("<tr>");
        for (int j = i; j < std::min<int>(i + perRow, cells.size()); ++j)
            m_html += QStringLiteral("<td>%1</td>").arg(cells[j]);
        m_html += QStringLiteral("</tr>");
    }
    m_html += QStringLiteral("</table>");
    if (has[0] && has[1])
        m_html += QStringLiteral("<p class=\"small\">%1</p>")
                      .arg(esc(tr("The difference: blue where A puts more of the row's images, "
                                  "red where B does. On the diagonal, blue means A is right "
                                  "more often.")));

    // Per-class accuracy, in numbers.
    m_html += QStringLiteral("<h3>%1</h3>").arg(esc(tr("Accuracy per class")));
    QStringList head{tr("Class")};
    for (int s = 0; s < 2; ++s)
        if (has[s])
            head << m_names[s];
    head << tr("Images");
    m_html += tableHead(head);
    std::array<std::vector<double>, 2> acc;
    for (int s = 0; s < 2; ++s)
        if (has[s])
            acc[s] = matrices[s].per_class_accuracy();
    const int ref = has[0] ? 0 : 1;
    for (int k = 0; k <= n; ++k) {
        const bool total = k == n;
        std::array<double, 2> v{std::nan(""), std::nan("")};
        for (int s = 0; s < 2; ++s)
            if (has[s])
                v[s] = total ? matrices[s].accuracy()
                             : (k < int(acc[s].size()) ? acc[s][k] : std::nan(""));
        m_html += total
                      ? QStringLiteral("<tr><th align=\"left\">%1</th>").arg(esc(tr("All classes")))
                      : QStringLiteral("<tr><td>%1</td>").arg(esc(classNames[k]));
        for (int s = 0; s < 2; ++s) {
            if (!has[s])
                continue;
            const bool better =
                has[0] && has[1] && std::isfinite(v[0]) && std::isfinite(v[1]) && v[s] > v[1 - s];
            const QString text = esc(formatPercent(v[s]));
            m_html += QStringLiteral("<td align=\"right\">%1</td>")
                          .arg(better || total ? QStringLiteral("<b>%1</b>").arg(text) : text);
        }
        const std::int64_t images =
            total ? matrices[ref].total()
                  : (k < matrices[ref].classes ? matrices[ref].label_count(k) : 0);
        m_html += QStringLiteral("<td align=\"right\">%1</td></tr>").arg(formatCount(images));
    }
    m_html += QStringLiteral("</table>");
    if (n <= 30) {
        std::array<const resdense::ConfusionMatrix*, 2> m{has[0] ? &matrices[0] : nullptr,
                                                          has[1] ? &matrices[1] : nullptr};
        const QSize barSize(kPageWidth, 50 + 34 * n);
        const QString title = tr("Accuracy per class");
        m_html += QStringLiteral("<p>%1</p>")
                      .arg(imgTag(add(paintPicture(QStringLiteral("per-class"), barSize,
                                                   [&](QPainter& p, const QRectF& r) {
                                                       paintPerClassAccuracy(p, r, m, classNames,
                                                                             m_names, title);
                                                   })),
                                  title));
    }
}

void ReportBuilder::disagreements()
{
    const bool both = m_insight.hasTest[0] && m_insight.hasTest[1];
    m_html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Where the models disagree")));
    if (!both) {
        m_html += QStringLiteral("<p>%1</p>")
                      .arg(esc(tr("Needs both models' test predictions, which this run does not "
                                  "have (see the note above).")));
        return;
    }
    struct Kind {
        resdense::Disagreement kind;
        QString title;
    };
    const std::array<Kind, 3> kinds{Kind{resdense::Disagreement::OnlyARight, tr("Only A right")},
                                    Kind{resdense::Disagreement::OnlyBRight, tr("Only B right")},
                                    Kind{resdense::Disagreement::BothWrong, tr("Both wrong")}};

    // The sample: per kind the most confident mistakes first.
    std::array<std::vector<const resdense::DisagreementItem*>, 3> chosen;
    std::array<int, 3> counts{};
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        auto& list = chosen[k];
        for (const auto& item : m_insight.disagreements)
            if (item.kind == kinds[k].kind)
                list.push_back(&item);
        counts[k] = static_cast<int>(list.size());
        std::stable_sort(list.begin(), list.end(),
                         [](const auto* x, const auto* y) { return x->margin > y->margin; });
        if (list.size() > std::size_t(kSamplesPerKind))
            list.resize(kSamplesPerKind);
    }

    // Grad-CAM of each sampled image by both models, in parallel (each pass is small).
    struct Job {
        const resdense::DisagreementItem* item = nullptr;
        int slot = 0;
        resdense::PixelImage overlay;
        QString predicted;
    };
    std::vector<Job> jobs;
    for (const auto& list : chosen)
        for (const auto* item : list)
            for (int s = 0; s < 2; ++s)
                if (m_insight.models[s] && m_insight.images.count(item->index))
                    jobs.push_back(Job{item, s, {}, {}});
    const auto& images = m_insight.images;
    const auto& models = m_insight.models;
    QtConcurrent::blockingMap(jobs, [&images, &models](Job& job) {
        try {
            const resdense::PixelImage& image = images.at(job.item->index);
            const std::string png = resdense::encode_png(image);
            const resdense::Prediction p = models[job.slot]->classify_encoded(
                png, "test image", /*top_k=*/1, /*explain=*/true);
            if (p.ok && !p.cams.empty()) {
                job.overlay = resdense::overlay_cam(image, p.cams.front(), 0.5, p.region);
                if (!p.top.empty())
                    job.predicted = qs(p.top.front().label);
            }
        } catch (const std::exception&) {
            // no overlay: the cell says so
        }
    });
    std::map<std::pair<std::int64_t, int>, const Job*> byItem;
    for (const Job& job : jobs)
        byItem[{job.item->index, job.slot}] = &job;

    m_html += QStringLiteral("<p>%1</p>")
                  .arg(esc(tr("Up to %1 test images of each kind, the most confident mistake "
                              "first, from the predictions the confusion matrices above count. "
                              "Each shows the image, then where A and where B looked: the "
                              "Grad-CAM of the class the model chose, red where it looked most.")
                               .arg(kSamplesPerKind)));
    const auto answer = [this](const resdense::TestPrediction& p, std::int64_t label) {
        const QString text = QStringLiteral("%1 (%2)").arg(esc(className(p.predicted)),
                                                           esc(formatPercent(p.confidence)));
        return p.predicted == label
                   ? QStringLiteral("<span style=\"color:#1a7f37\">%1</span>").arg(text)
                   : QStringLiteral("<span style=\"color:#c62828\">%1</span>").arg(text);
    };
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        m_html += QStringLiteral("<h3>%1</h3>")
                      .arg(esc(tr("%1 (test images: %2)").arg(kinds[k].title).arg(counts[k])));
        if (chosen[k].empty())
            continue;
        m_html += QStringLiteral("<table class=\"samples\" width=\"100%\" cellspacing=\"0\" "
                                 "cellpadding=\"4\" border=\"0\">");
        for (std::size_t i = 0; i < chosen[k].size(); ++i) {
            const auto* item = chosen[k][i];
            if (i % 2 == 0)
                m_html += QStringLiteral("<tr>");
            QString cell;
            const auto it = images.find(item->index);
            if (it != images.end()) {
                // The image, then A's and B's Grad-CAM over it, each with a label below.
                const QString base = QStringLiteral("sample-%1").arg(item->index);
                QString pictures =
                    QStringLiteral("<td>%1</td>")
                        .arg(imgTag(add(thumbnail(base, toQImage(it->second))),
                                    tr("test image %1").arg(item->index), QStringLiteral("pix")));
                QString labels = QStringLiteral("<td align=\"center\" class=\"small\">%1</td>")
                                     .arg(esc(tr("image")));
                for (int s = 0; s < 2; ++s) {
                    const auto found = byItem.find({item->index, s});
                    if (found == byItem.end() || found->second->overlay.width <= 0)
                        continue;
                    pictures +=
                        QStringLiteral("<td>%1</td>")
                            .arg(imgTag(add(thumbnail(QStringLiteral("%1-cam-%2").arg(base).arg(s),
                                                      toQImage(found->second->overlay))),
                                        tr("Grad-CAM of %1").arg(m_names[s]),
                                        QStringLiteral("pix")));
                    labels += QStringLiteral("<td align=\"center\" class=\"small\">%1</td>")
                                  .arg(esc(tr("where %1 looked").arg(slotLabel(s))));
                }
                cell += QStringLiteral("<table class=\"thumbs\" cellspacing=\"2\" "
                                       "cellpadding=\"0\" border=\"0\"><tr>%1</tr><tr>%2</tr>"
                                       "</table>")
                            .arg(pictures, labels);
            } else {
                cell += esc(tr("(image not available)"));
            }
            cell += QStringLiteral("<span class=\"small\">%1<br>%2<br>%3</span>")
                        .arg(esc(tr("#%1 · true: %2").arg(item->index).arg(className(item->label))),
                             tr("A: %1").arg(answer(item->a, item->label)),
                             tr("B: %1").arg(answer(item->b, item->label)));
            m_html += QStringLiteral("<td width=\"50%\" valign=\"top\">%1</td>").arg(cell);
            if (i % 2 == 1 || i + 1 == chosen[k].size())
                m_html += QStringLiteral("</tr>");
        }
        m_html += QStringLiteral("</table>");
    }
}

void ReportBuilder::environment()
{
    m_html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Environment")));
    const auto& c = m_record.config;
    const auto row = [this](const QString& label, const QString& value) {
        m_html += QStringLiteral("<tr><th bgcolor=\"#f4f6f9\" align=\"left\" width=\"30%\">%1</th>"
                                 "<td>%2</td></tr>")
                      .arg(esc(label), esc(value));
    };
    m_html += tableTitle(tr("The run"));
    row(tr("Device"), qs(c.device));
    QString precision = qs(resdense::precision_name(c.precision));
    if (m_record.summary && !m_record.summary->precision.empty())
        precision = tr("%1 (asked for: %2)").arg(qs(m_record.summary->precision), precision);
    row(tr("Precision"), precision);
    QString threads = c.threads > 0 ? QString::number(c.threads) : tr("all cores");
    if (m_record.summary && m_record.summary->threads > 0)
        threads = QString::number(m_record.summary->threads);
    row(tr("Threads"), threads);
    row(tr("Memory format"), c.channels_last ? tr("channels last (NHWC)") : tr("NCHW"));
    if (m_record.summary)
        row(tr("Wall time"), formatDuration(m_record.summary->wall_seconds));
    m_html += QStringLiteral("</table><p></p>");
    m_html += tableTitle(tr("This computer (where the report was made)"));
    row(tr("CPU"), tr("%1 (cores: %2)").arg(cpuName()).arg(QThread::idealThreadCount()));
    row(tr("System"), QSysInfo::prettyProductName());
    row(tr("LibTorch"), qs(resdense::torch_version()));
    const std::string cv = resdense::opencv_version();
    row(tr("OpenCV"), cv.empty() ? tr("not built in") : qs(cv));
    row(tr("ResDense"), qs(resdense::version()));
    m_html += QStringLiteral("</table>");
    m_html += QStringLiteral("<p class=\"small\">%1</p>")
                  .arg(esc(tr("The run folder does not record the computer it ran on: times and "
                              "speeds above were measured there, the second table describes the "
                              "computer that made this report.")));
}

ReportDocument buildReport(const QString& runDir)
{
    ReportBuilder builder(runDir);
    return builder.build();
}

} // namespace resdense::ui
