#pragma once

#include <array>
#include <optional>

#include <QSize>
#include <QString>

#include "curve_sheet.h"
#include "metrics_store.h"
#include "resdense/metrics.h"

namespace resdense::ui {

// Exports write through QSaveFile: a failed write returns why and leaves any earlier file at the
// path as it was. Each returns "" on success, else a message for the user.

// PNG, PDF or SVG by the path's suffix: the whole comparison sheet or one chart, with title,
// axis labels and legend, drawn light (for papers and slides) whatever the screen's palette.
QString exportChart(const MetricsStore& store, const CurveOptions& options, ChartPart part,
                    const QString& title, const std::array<QString, 2>& names, const QString& path,
                    QSize size = QSize(1600, 1000));

// One row per epoch and model (batches = false) or per batch and model (true).
QString exportCsv(const MetricsStore& store, const QString& path, bool batches);

// Models, epoch and batch records, and the run summary when there is one.
QString exportJson(const MetricsStore& store, const std::optional<resdense::RunSummary>& summary,
                   const QString& path);

} // namespace resdense::ui
