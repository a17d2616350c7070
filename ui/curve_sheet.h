#pragma once

#include <array>
#include <vector>

#include <QPalette>
#include <QString>

#include "metrics_store.h"

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;

namespace resdense::ui {

struct CurveOptions {
    bool sideBySide = false; // false: A and B overlaid in one chart per metric
    XAxis xAxis = XAxis::Epoch;
    Smoothing smoothing = Smoothing::Ema;
    double strength = 0.6; // see smooth()
    bool logLoss = false;
    bool operator==(const CurveOptions&) const = default;
};

enum class ChartPart { Sheet, Loss, Accuracy };

// The loss and accuracy charts of both slots inside one QCustomPlot: the live view and every
// export draw through this, so an exported chart is what the user saw. Does not own the plot.
class CurveSheet {
public:
    explicit CurveSheet(QCustomPlot* plot) : m_plot(plot) {}

    // Lays out the charts anew (clears the plot). The title row is left out when title is empty.
    void build(const CurveOptions& options, ChartPart part, const QString& title,
               const std::array<QString, 2>& names);
    // Puts the store's data into the graphs; rescale fits the axes to it.
    void fill(const MetricsStore& store, bool rescale);
    void applyPalette(const QPalette& palette);

    const std::vector<QCPAxisRect*>& rects() const { return m_rects; }
    // Points drawn in the smoothed training curve and the validation curve of a slot.
    int trainPoints(int slot, Metric metric) const;
    int validationPoints(int slot, Metric metric) const;

private:
    struct Chart {
        QCPAxisRect* rect = nullptr;
        Metric metric = Metric::Loss;
        std::array<bool, 2> slots{true, true};
        std::array<QCPGraph*, 2> raw{}, smooth{}, validation{}, best{};
        // Repeats: mean ± std band (the high graph fills down to the low one), its mean, and each
        // repeat's curve, faint.
        std::array<QCPGraph*, 2> bandLow{}, bandHigh{}, bandMean{};
        std::array<std::vector<QCPGraph*>, 2> repeats;
    };
    void fillRepeats(Chart& chart, int slot, const MetricsStore& store);
    void addChart(Metric metric, std::array<bool, 2> slots, const std::array<QString, 2>& names);
    void synchronise();

    QCustomPlot* m_plot;
    CurveOptions m_options;
    std::array<QString, 2> m_names;
    std::vector<Chart> m_charts;
    std::vector<QCPAxisRect*> m_rects;
};

QColor slotColor(int slot);
QString xAxisLabel(XAxis axis);

} // namespace resdense::ui
