#include "curve_sheet.h"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>

#include "qcustomplot_include.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("resdense::ui::CurveSheet", text);
}

QVector<double> toQ(const std::vector<double>& v)
{
    return QVector<double>(v.begin(), v.end());
}

std::vector<double> scaled(std::vector<double> v, double factor)
{
    for (double& x : v)
        x *= factor;
    return v;
}

} // namespace

QColor slotColor(int slot)
{
    return slot == 0 ? QColor(0x1f, 0x77, 0xb4) : QColor(0xe8, 0x6a, 0x10);
}

QString xAxisLabel(XAxis axis)
{
    switch (axis) {
    case XAxis::Epoch: return QCoreApplication::translate("resdense::ui::CurveSheet", "Epoch");
    case XAxis::WallTime:
        return QCoreApplication::translate("resdense::ui::CurveSheet", "Training time (s)");
    case XAxis::ImagesSeen:
        return QCoreApplication::translate("resdense::ui::CurveSheet", "Images seen");
    }
    return {};
}

void CurveSheet::build(const CurveOptions& options, ChartPart part, const QString& title,
                       const std::array<QString, 2>& names)
{
    m_options = options;
    m_names = names;
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear(); // deletes the old axis rects and the legend's layout cell
    m_plot->legend = nullptr;
    m_charts.clear();
    m_rects.clear();

    auto* layout = m_plot->plotLayout();
    int row = 0;
    if (!title.isEmpty()) {
        auto* text =
            new QCPTextElement(m_plot, title, QFont(m_plot->font().family(), 13, QFont::Bold));
        layout->addElement(row++, 0, text);
    }
    auto* grid = new QCPLayoutGrid;
    layout->addElement(row++, 0, grid);
    std::vector<Metric> metrics;
    if (part != ChartPart::Accuracy)
        metrics.push_back(Metric::Loss);
    if (part != ChartPart::Loss)
        metrics.push_back(Metric::Accuracy);

    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (options.sideBySide) {
            addChart(metrics[i], {true, false}, names);
            grid->addElement(static_cast<int>(i), 0, m_charts.back().rect);
            addChart(metrics[i], {false, true}, names);
            grid->addElement(static_cast<int>(i), 1, m_charts.back().rect);
        } else {
            addChart(metrics[i], {true, true}, names);
            grid->addElement(0, static_cast<int>(i), m_charts.back().rect);
        }
    }

    // One legend under the charts for all of them.
    auto* legend = new QCPLegend;
    m_plot->legend = legend;
    legend->setVisible(true);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(2); // one row per model
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    layout->addElement(row, 0, legend);
    layout->setRowStretchFactor(row, 0.001);
    legend->setLayer(QStringLiteral("legend"));
    std::array<bool, 2> listed{false, false}; // each slot's entries once
    for (const auto& chart : m_charts)
        for (int s = 0; s < 2; ++s)
            if (chart.slots[s] && !listed[s]) {
                chart.smooth[s]->addToLegend(legend);
                chart.validation[s]->addToLegend(legend);
                listed[s] = true;
            }
    synchronise();
}

void CurveSheet::addChart(Metric metric, std::array<bool, 2> slots,
                          const std::array<QString, 2>& names)
{
    Chart chart;
    chart.metric = metric;
    chart.slots = slots;
    chart.rect = new QCPAxisRect(m_plot);
    chart.rect->setupFullAxesBox(true);
    chart.rect->axis(QCPAxis::atTop)->setVisible(false);
    chart.rect->axis(QCPAxis::atRight)->setVisible(false);
    chart.rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    chart.rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    QCPAxis* x = chart.rect->axis(QCPAxis::atBottom);
    QCPAxis* y = chart.rect->axis(QCPAxis::atLeft);
    x->setLabel(xAxisLabel(m_options.xAxis));
    QString yLabel = metric == Metric::Loss ? tr("Loss") : tr("Accuracy (%)");
    if (m_options.sideBySide)
        yLabel = (slots[0] ? names[0] : names[1]) + QStringLiteral(" — ") + yLabel;
    y->setLabel(yLabel);
    if (metric == Metric::Loss && m_options.logLoss) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    for (int s = 0; s < 2; ++s) {
        if (!slots[s])
            continue;
        const QColor color = slotColor(s);
        QColor faint = color;
        faint.setAlpha(70);
        const QString name = names[s].isEmpty() ? slotLabel(s) : names[s];

        QCPGraph* raw = m_plot->addGraph(x, y);
        raw->setName(name + tr(" train (raw)"));
        raw->setPen(QPen(faint, 1));
        raw->removeFromLegend();
        QCPGraph* smooth = m_plot->addGraph(x, y);
        smooth->setName(name + tr(" train"));
        smooth->setPen(QPen(color, 2));
        QCPGraph* val = m_plot->addGraph(x, y);
        val->setName(name + tr(" validation"));
        val->setPen(QPen(color, 2, Qt::DashLine));
        val->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 5));
        QCPGraph* best = m_plot->addGraph(x, y);
        best->setName(name + tr(" best epoch"));
        best->setLineStyle(QCPGraph::lsNone);
        best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(color, 2), color, 14));
        best->removeFromLegend();
        QColor band = color;
        band.setAlpha(45);
        QCPGraph* low = m_plot->addGraph(x, y);
        low->setPen(Qt::NoPen);
        QCPGraph* high = m_plot->addGraph(x, y);
        high->setPen(Qt::NoPen);
        high->setBrush(band);
        high->setChannelFillGraph(low);
        QCPGraph* mean = m_plot->addGraph(x, y);
        mean->setPen(QPen(color, 2, Qt::DotLine));
        for (QCPGraph* g : {raw, smooth, val, best, low, high, mean})
            g->removeFromLegend();
        chart.bandLow[s] = low;
        chart.bandHigh[s] = high;
        chart.bandMean[s] = mean;
        chart.raw[s] = raw;
        chart.smooth[s] = smooth;
        chart.validation[s] = val;
        chart.best[s] = best;
    }
    m_charts.push_back(chart);
    m_rects.push_back(chart.rect);
}

// Side by side, A's and B's charts of the same metric share their ranges, so the eye compares
// heights, not tick labels.
void CurveSheet::synchronise()
{
    if (!m_options.sideBySide)
        return;
    for (std::size_t i = 0; i + 1 < m_charts.size(); i += 2) {
        QCPAxisRect* a = m_charts[i].rect;
        QCPAxisRect* b = m_charts[i + 1].rect;
        for (auto type : {QCPAxis::atBottom, QCPAxis::atLeft}) {
            QCPAxis* axisA = a->axis(type);
            QCPAxis* axisB = b->axis(type);
            QObject::connect(axisA, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), axisB,
                             [axisB](const QCPRange& r) { axisB->setRange(r); });
            QObject::connect(axisB, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), axisA,
                             [axisA](const QCPRange& r) { axisA->setRange(r); });
        }
    }
}

void CurveSheet::fill(const MetricsStore& store, bool rescale)
{
    for (auto& chart : m_charts) {
        const double factor = chart.metric == Metric::Accuracy ? 100.0 : 1.0;
        for (int s = 0; s < 2; ++s) {
            if (!chart.slots[s])
                continue;
            const Series train = store.trainSeries(s, chart.metric, m_options.xAxis);
            const auto rawY = scaled(train.y, factor);
            const bool smoothing = m_options.smoothing != Smoothing::None;
            chart.raw[s]->setData(toQ(train.x), toQ(rawY), /*alreadySorted=*/true);
            chart.raw[s]->setVisible(smoothing);
            chart.smooth[s]->setData(
                toQ(train.x), toQ(smooth(rawY, m_options.smoothing, m_options.strength)), true);
            const Series val = store.validationSeries(s, chart.metric, m_options.xAxis);
            chart.validation[s]->setData(toQ(val.x), toQ(scaled(val.y, factor)), true);
            fillRepeats(chart, s, store);
            chart.best[s]->data()->clear();
            if (const auto best = store.bestEpoch(s)) {
                const double y = chart.metric == Metric::Loss ? best->val_loss : best->val_accuracy;
                if (std::isfinite(y))
                    chart.best[s]->addData(store.xOf(*best, m_options.xAxis), y * factor);
            }
        }
    }
    if (!rescale)
        return;
    for (auto& chart : m_charts) {
        bool any = false;
        for (int s = 0; s < 2; ++s)
            if (chart.slots[s])
                for (QCPGraph* g : {chart.raw[s], chart.smooth[s], chart.validation[s],
                                    chart.bandLow[s], chart.bandHigh[s]})
                    if (!g->data()->isEmpty()) {
                        g->rescaleAxes(/*onlyEnlarge=*/any);
                        any = true;
                    }
        QCPAxis* y = chart.rect->axis(QCPAxis::atLeft);
        if (!any) { // nothing yet: sensible empty axes rather than QCustomPlot's 0..5
            chart.rect->axis(QCPAxis::atBottom)
                ->setRange(0, m_options.xAxis == XAxis::Epoch ? 1 : 60);
            if (chart.metric == Metric::Accuracy)
                y->setRange(0, 100);
            else
                y->setRange(m_options.logLoss ? 0.01 : 0.0, 2.5);
            continue;
        }
        if (chart.metric == Metric::Accuracy)
            y->setRange(std::max(0.0, y->range().lower - 2.0),
                        std::min(100.0, y->range().upper + 2.0));
        else if (!m_options.logLoss)
            y->setRange(std::max(0.0, y->range().lower - 0.05 * y->range().size()),
                        y->range().upper + 0.05 * y->range().size());
    }
    // Side by side: each pair gets the union of both ranges.
    if (m_options.sideBySide)
        for (std::size_t i = 0; i + 1 < m_charts.size(); i += 2)
            for (auto type : {QCPAxis::atBottom, QCPAxis::atLeft}) {
                QCPAxis* a = m_charts[i].rect->axis(type);
                QCPAxis* b = m_charts[i + 1].rect->axis(type);
                const bool aEmpty = m_charts[i].smooth[0]->data()->isEmpty();
                const bool bEmpty = m_charts[i + 1].smooth[1]->data()->isEmpty();
                QCPRange r = aEmpty ? b->range() : a->range();
                if (!aEmpty && !bEmpty)
                    r.expand(b->range());
                a->setRange(r);
                b->setRange(r);
            }
}

void CurveSheet::fillRepeats(Chart& chart, int s, const MetricsStore& store)
{
    const double factor = chart.metric == Metric::Accuracy ? 100.0 : 1.0;
    const Band band = store.band(s, chart.metric, m_options.xAxis);
    chart.bandLow[s]->setData(toQ(band.x), toQ(scaled(band.low, factor)), true);
    chart.bandHigh[s]->setData(toQ(band.x), toQ(scaled(band.high, factor)), true);
    chart.bandMean[s]->setData(toQ(band.x), toQ(scaled(band.mean, factor)), true);
    const QString name = m_names[s].isEmpty() ? slotLabel(s) : m_names[s];
    chart.bandHigh[s]->setName(QCoreApplication::translate("resdense::ui::CurveSheet",
                                                           "%1 mean ± std (%n runs)", nullptr,
                                                           band.runs)
                                   .arg(name));
    // One legend entry per model, from the first chart that shows it.
    const bool first = &chart == &*std::find_if(m_charts.begin(), m_charts.end(),
                                                [s](const Chart& c) { return c.slots[s]; });
    if (m_plot->legend && first && !band.empty() &&
        !m_plot->legend->hasItemWithPlottable(chart.bandHigh[s]))
        chart.bandHigh[s]->addToLegend(m_plot->legend);
    else if (band.empty())
        chart.bandHigh[s]->removeFromLegend();
    auto& graphs = chart.repeats[s];
    QColor faint = slotColor(s);
    faint.setAlpha(60);
    while (static_cast<int>(graphs.size()) < store.repeatCount()) {
        QCPGraph* g = m_plot->addGraph(chart.rect->axis(QCPAxis::atBottom),
                                       chart.rect->axis(QCPAxis::atLeft));
        g->setPen(QPen(faint, 1));
        g->removeFromLegend();
        graphs.push_back(g);
    }
    for (std::size_t r = 0; r < graphs.size(); ++r) {
        const bool shown = static_cast<int>(r) < store.repeatCount() && store.repeatCount() > 1;
        graphs[r]->setVisible(shown);
        if (!shown) {
            graphs[r]->data()->clear();
            continue;
        }
        const Series run =
            store.repeatSeries(static_cast<int>(r), s, chart.metric, m_options.xAxis);
        graphs[r]->setData(toQ(run.x), toQ(scaled(run.y, factor)));
    }
}

void CurveSheet::applyPalette(const QPalette& p)
{
    m_plot->setBackground(p.brush(QPalette::Base));
    const QColor text = p.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (auto* rect : m_rects)
        for (auto type : {QCPAxis::atBottom, QCPAxis::atLeft}) {
            QCPAxis* a = rect->axis(type);
            a->setBasePen(QPen(text));
            a->setTickPen(QPen(text));
            a->setSubTickPen(QPen(text));
            a->setTickLabelColor(text);
            a->setLabelColor(text);
            a->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        }
    if (m_plot->legend)
        m_plot->legend->setTextColor(text);
    for (int i = 0; i < m_plot->plotLayout()->elementCount(); ++i)
        if (auto* t = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->elementAt(i)))
            t->setTextColor(text);
}

int CurveSheet::trainPoints(int slot, Metric metric) const
{
    for (const auto& c : m_charts)
        if (c.metric == metric && c.slots[slot])
            return c.smooth[slot]->dataCount();
    return 0;
}

int CurveSheet::validationPoints(int slot, Metric metric) const
{
    for (const auto& c : m_charts)
        if (c.metric == metric && c.slots[slot])
            return c.validation[slot]->dataCount();
    return 0;
}

} // namespace resdense::ui
