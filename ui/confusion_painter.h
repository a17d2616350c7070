#pragma once

#include <array>
#include <optional>

#include <QFont>
#include <QPoint>
#include <QRectF>
#include <QString>
#include <QStringList>

#include "resdense/insight.h"

class QPainter;

namespace resdense::ui {

// Drawing the Classes view's pictures with QPainter, so that the widget on screen and the report
// (PNG, SVG, PDF) draw the same thing. Rows are the true class, columns the predicted one.

// A confusion matrix: each cell's colour is its share of the row (light to dark blue), its text
// the count; class names along both axes, the title above.
void paintConfusion(QPainter& painter, const QRectF& rect, const resdense::ConfusionMatrix& m,
                    const QStringList& classes, const QString& title);

// A − B of the row shares, diverging: blue where A puts more of the row, red where B does, white
// where they agree; the text is the difference in percentage points.
void paintConfusionDifference(QPainter& painter, const QRectF& rect,
                              const resdense::ConfusionMatrix& a,
                              const resdense::ConfusionMatrix& b, const QStringList& classes,
                              const QString& title);

// Per-class accuracy of A and B as paired horizontal bars, one pair per class, in the models'
// curve colours (slotColor); a slot without results passes nullptr and is left out.
void paintPerClassAccuracy(QPainter& painter, const QRectF& rect,
                           const std::array<const resdense::ConfusionMatrix*, 2>& m,
                           const QStringList& classes, const std::array<QString, 2>& names,
                           const QString& title);

// The cell of a matrix painted into rect with paintConfusion or paintConfusionDifference in
// `font` under pos, if any: x() the true class, y() the predicted one.
std::optional<QPoint> confusionCellAt(const QRectF& rect, int classes, const QPointF& pos,
                                      const QFont& font);

} // namespace resdense::ui
