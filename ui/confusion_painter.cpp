#include "confusion_painter.h"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include "curve_sheet.h"
#include "text_format.h"

namespace resdense::ui {
namespace {

// Where the parts of a matrix picture go: the title on top, the class names to the left of the
// rows and above the columns (rotated), the square grid in what is left.
struct Layout {
    QRectF title, grid;
    double cell = 0.0;
    double labelWidth = 0.0;
};

Layout layoutFor(const QRectF& rect, int classes, const QFontMetricsF& fm)
{
    Layout l;
    const double line = fm.height();
    l.title = QRectF(rect.left(), rect.top(), rect.width(), line * 1.4);
    const double labels = std::min(rect.width() * 0.28, line * 7.5);
    const double top = l.title.bottom() + labels + line; // column names and the "predicted" line
    const double left = rect.left() + labels + line;     // row names and the "true" line
    const double side = std::max(0.0, std::min(rect.right() - left, rect.bottom() - top));
    l.cell = classes > 0 ? side / classes : 0.0;
    l.grid = QRectF(left, top, l.cell * classes, l.cell * classes);
    l.labelWidth = labels;
    return l;
}

QString clipped(const QFontMetricsF& fm, const QString& text, double width)
{
    return fm.elidedText(text, Qt::ElideRight, width);
}

void paintAxes(QPainter& p, const Layout& l, const QStringList& classes, const QString& title)
{
    const QFontMetricsF fm(p.font());
    p.setPen(Qt::black);
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter, title);
    p.restore();
    const int n = static_cast<int>(classes.size());
    const double line = fm.height();
    for (int i = 0; i < n; ++i) {
        const QRectF row(l.grid.left() - l.labelWidth - 4, l.grid.top() + i * l.cell, l.labelWidth,
                         l.cell);
        p.drawText(row, Qt::AlignRight | Qt::AlignVCenter, clipped(fm, classes[i], l.labelWidth));
        p.save();
        p.translate(l.grid.left() + (i + 0.5) * l.cell, l.grid.top() - 4);
        p.rotate(-90);
        p.drawText(QRectF(0, -line / 2, l.labelWidth, line), Qt::AlignLeft | Qt::AlignVCenter,
                   clipped(fm, classes[i], l.labelWidth));
        p.restore();
    }
    p.save();
    p.setPen(QColor(90, 90, 90));
    p.drawText(QRectF(l.grid.left(), l.title.bottom(), l.grid.width(), line), Qt::AlignCenter,
               QCoreApplication::translate("resdense::ui::Confusion", "predicted"));
    p.translate(l.grid.left() - l.labelWidth - line - 4, l.grid.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-l.grid.height() / 2, 0, l.grid.height(), line), Qt::AlignCenter,
               QCoreApplication::translate("resdense::ui::Confusion", "true class"));
    p.restore();
}

double rowShare(const resdense::ConfusionMatrix& m, int label, int predicted)
{
    const auto n = m.label_count(label);
    return n > 0 ? static_cast<double>(m.at(label, predicted)) / static_cast<double>(n) : 0.0;
}

QColor blend(const QColor& from, const QColor& to, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(from.redF() + (to.redF() - from.redF()) * t,
                            from.greenF() + (to.greenF() - from.greenF()) * t,
                            from.blueF() + (to.blueF() - from.blueF()) * t);
}

// Text in a cell, light on dark colours; left out where the cells are too small to read it.
void cellText(QPainter& p, const QRectF& cell, const QString& text, const QColor& background)
{
    const QFontMetricsF fm(p.font());
    if (fm.horizontalAdvance(text) > cell.width() - 2 || fm.height() > cell.height())
        return;
    p.setPen(background.lightnessF() < 0.55 ? Qt::white : Qt::black);
    p.drawText(cell, Qt::AlignCenter, text);
}

} // namespace

void paintConfusion(QPainter& p, const QRectF& rect, const resdense::ConfusionMatrix& m,
                    const QStringList& classes, const QString& title)
{
    const Layout l = layoutFor(rect, m.classes, QFontMetricsF(p.font()));
    paintAxes(p, l, classes, title);
    for (int t = 0; t < m.classes; ++t)
        for (int q = 0; q < m.classes; ++q) {
            const QRectF cell(l.grid.left() + q * l.cell, l.grid.top() + t * l.cell, l.cell,
                              l.cell);
            const QColor colour = blend(Qt::white, QColor(8, 48, 107), rowShare(m, t, q));
            p.fillRect(cell, colour);
            if (m.at(t, q) > 0)
                cellText(p, cell, QString::number(m.at(t, q)), colour);
        }
    p.setPen(QColor(160, 160, 160));
    p.drawRect(l.grid);
}

void paintConfusionDifference(QPainter& p, const QRectF& rect, const resdense::ConfusionMatrix& a,
                              const resdense::ConfusionMatrix& b, const QStringList& classes,
                              const QString& title)
{
    const int n = std::min(a.classes, b.classes);
    const Layout l = layoutFor(rect, n, QFontMetricsF(p.font()));
    paintAxes(p, l, classes, title);
    for (int t = 0; t < n; ++t)
        for (int q = 0; q < n; ++q) {
            const QRectF cell(l.grid.left() + q * l.cell, l.grid.top() + t * l.cell, l.cell,
                              l.cell);
            const double d = rowShare(a, t, q) - rowShare(b, t, q);
            // Full colour at a difference of 20 points: most differences are small.
            const QColor colour = d >= 0 ? blend(Qt::white, QColor(33, 102, 172), d / 0.2)
                                         : blend(Qt::white, QColor(178, 24, 43), -d / 0.2);
            p.fillRect(cell, colour);
            const int points = static_cast<int>(std::lround(100.0 * d));
            if (points != 0)
                cellText(p, cell,
                         (points > 0 ? QStringLiteral("+%1") : QStringLiteral("%1")).arg(points),
                         colour);
        }
    p.setPen(QColor(160, 160, 160));
    p.drawRect(l.grid);
}

void paintPerClassAccuracy(QPainter& p, const QRectF& rect,
                           const std::array<const resdense::ConfusionMatrix*, 2>& m,
                           const QStringList& classes, const std::array<QString, 2>& names,
                           const QString& title)
{
    const QFontMetricsF fm(p.font());
    const double line = fm.height();
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.setPen(Qt::black);
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), line * 1.4),
               Qt::AlignLeft | Qt::AlignVCenter, title);
    p.restore();
    // The legend, then one band per class with A's bar above B's.
    double x = rect.left();
    const double legendY = rect.top() + line * 1.5;
    for (int s = 0; s < 2; ++s) {
        if (!m[s])
            continue;
        p.fillRect(QRectF(x, legendY + line * 0.2, line * 0.8, line * 0.6), slotColor(s));
        p.setPen(Qt::black);
        const double w = fm.horizontalAdvance(names[s]) + line;
        p.drawText(QRectF(x + line, legendY, w, line), Qt::AlignLeft | Qt::AlignVCenter, names[s]);
        x += line + w + line;
    }
    const int n = static_cast<int>(classes.size());
    const double labels = std::min(rect.width() * 0.3, line * 7.5);
    const QRectF bars(rect.left() + labels + 6, legendY + line * 1.6,
                      rect.width() - labels - 6 - fm.horizontalAdvance(QStringLiteral(" 100.0%")),
                      rect.bottom() - legendY - line * 1.6);
    if (n == 0 || bars.width() <= 0 || bars.height() <= 0)
        return;
    const double band = bars.height() / n;
    for (int c = 0; c < n; ++c) {
        const double top = bars.top() + c * band;
        p.setPen(Qt::black);
        p.drawText(QRectF(rect.left(), top, labels, band), Qt::AlignRight | Qt::AlignVCenter,
                   clipped(fm, classes[c], labels));
        for (int s = 0; s < 2; ++s) {
            if (!m[s] || c >= m[s]->classes)
                continue;
            const double acc = m[s]->per_class_accuracy()[static_cast<std::size_t>(c)];
            const QRectF bar(bars.left(), top + band * (0.1 + 0.4 * s),
                             std::isnan(acc) ? 0.0 : bars.width() * acc, band * 0.38);
            p.fillRect(bar, slotColor(s));
            if (bar.height() >= fm.height() * 0.8)
                p.drawText(QRectF(bar.right() + 3, bar.top(), 80, bar.height()),
                           Qt::AlignLeft | Qt::AlignVCenter,
                           std::isnan(acc) ? QStringLiteral("–")
                                           : formatPercent(acc, 1));
        }
    }
    p.setPen(QColor(160, 160, 160));
    p.drawLine(bars.topLeft(), bars.bottomLeft());
}

std::optional<QPoint> confusionCellAt(const QRectF& rect, int classes, const QPointF& pos,
                                      const QFont& font)
{
    const Layout l = layoutFor(rect, classes, QFontMetricsF(font));
    if (!l.grid.contains(pos) || l.cell <= 0)
        return std::nullopt;
    const int q = std::min(classes - 1, static_cast<int>((pos.x() - l.grid.left()) / l.cell));
    const int t = std::min(classes - 1, static_cast<int>((pos.y() - l.grid.top()) / l.cell));
    return QPoint(t, q);
}

} // namespace resdense::ui
