#include "comparison_table.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QHeaderView>

#include "text_format.h"

namespace resdense::ui {

namespace {
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
} // namespace

ComparisonTable::ComparisonTable(QWidget* parent) : QTableWidget(RowCount, 2, parent)
{
    setHorizontalHeaderLabels({tr("Model A"), tr("Model B")});
    setVerticalHeaderLabels({tr("Architecture"), tr("Parameters"), tr("MACs per image"),
                             tr("Best validation accuracy"), tr("Test accuracy"),
                             tr("Time per epoch"), tr("Training speed"), tr("Inference latency"),
                             tr("Training memory"), tr("Status"), tr("Significance")});
    verticalHeaderItem(Macs)->setToolTip(
        tr("Multiply-accumulates of one forward pass (convolutions and linear layers)."));
    verticalHeaderItem(InferenceLatency)
        ->setToolTip(tr("One image through the trained model, measured at the end of the run."));
    verticalHeaderItem(PeakMemory)
        ->setToolTip(tr("The most tensor memory one training step of this model held: weights, "
                        "gradients, optimizer state and activations, counted through LibTorch's "
                        "allocator for this model alone (both models share one process)."));
    verticalHeaderItem(Significance)
        ->setToolTip(tr("Are the two test accuracies really different? McNemar's exact test on the "
                        "images one model got right and the other wrong, with a paired-bootstrap "
                        "95 % interval of the difference (resdense stats gives the details)."));
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::ContiguousSelection);
    setWordWrap(true);
    for (auto& slot : m_values)
        slot.fill(kNone);
    for (int r = 0; r < RowCount; ++r)
        for (int c = 0; c < 2; ++c)
            setItem(r, c, new QTableWidgetItem(QStringLiteral("–")));
    // Every row visible without scrolling: the table is there to be read at a glance.
    setSpan(Significance, 0, 1, 2);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumHeight(verticalHeader()->length() + horizontalHeader()->sizeHint().height() +
                     2 * frameWidth());
}

QString ComparisonTable::text(Row row, int slot) const
{
    return item(row, slot)->text();
}

void ComparisonTable::setCell(Row row, int slot, const QString& text, double value,
                              bool higherIsBetter)
{
    item(row, slot)->setText(text);
    m_values[slot][row] = value;
    m_higherBetter[slot][row] = higherIsBetter;
    markBetter(row);
}

void ComparisonTable::markBetter(Row row)
{
    const double a = m_values[0][row], b = m_values[1][row];
    for (int s = 0; s < 2; ++s) {
        QFont f = font();
        if (std::isfinite(a) && std::isfinite(b) && a != b) {
            const bool aWins = m_higherBetter[0][row] ? a > b : a < b;
            f.setBold(aWins == (s == 0));
        }
        item(row, s)->setFont(f);
    }
}

void ComparisonTable::setModel(int slot, const QString& name,
                               const std::optional<resdense::ModelSummary>& s, bool enabled)
{
    item(Model, slot)->setText(enabled ? name : tr("(off)"));
    item(Model, slot)->setToolTip(name);
    if (s && enabled) {
        setCell(Parameters, slot, formatCount(s->total_params), double(s->total_params), false);
        setCell(Macs, slot, formatCompact(double(s->macs)), double(s->macs), false);
    } else {
        setCell(Parameters, slot, QStringLiteral("–"), kNone, false);
        setCell(Macs, slot, QStringLiteral("–"), kNone, false);
    }
}

void ComparisonTable::setStatus(int slot, const QString& status)
{
    item(Status, slot)->setText(status);
}

namespace {

QString pText(double p)
{
    return p < 1e-4 ? QStringLiteral("p < 0.0001") : QStringLiteral("p = %1").arg(p, 0, 'g', 2);
}

} // namespace

// Worded here, from the verdict's code and numbers, so that it can be translated.
void ComparisonTable::setVerdict(const std::optional<resdense::Verdict>& verdict,
                                 const QString& detail)
{
    QTableWidgetItem* cell = item(Significance, 0);
    cell->setToolTip(detail);
    if (!verdict) {
        cell->setText(detail.isEmpty() ? QStringLiteral("–") : tr("not available"));
        return;
    }
    const double points = std::abs(verdict->difference_points);
    switch (verdict->code) {
    case resdense::VerdictCode::NoSignificantDifference:
        cell->setText(tr("No significant difference (%1)").arg(pText(verdict->p_value)));
        break;
    case resdense::VerdictCode::ASignificantlyBetter:
        cell->setText(tr("A is better by %1 points (%2)")
                          .arg(formatNumber(points, 2), pText(verdict->p_value)));
        break;
    case resdense::VerdictCode::BSignificantlyBetter:
        cell->setText(tr("B is better by %1 points (%2)")
                          .arg(formatNumber(points, 2), pText(verdict->p_value)));
        break;
    case resdense::VerdictCode::NotEnoughData:
        cell->setText(tr("Not enough data to tell the models apart"));
        break;
    }
}

void ComparisonTable::setRepeatStatistics(const resdense::StatisticsReport& report)
{
    const int runs = static_cast<int>(report.runs.size());
    for (const auto& m : report.across) {
        const Row row = m.metric == "test_accuracy"       ? TestAccuracy
                        : m.metric == "best_val_accuracy" ? BestValidation
                                                          : RowCount;
        if (row == RowCount)
            continue;
        for (int s = 0; s < 2; ++s) {
            const resdense::SampleSummary& v = s == 0 ? m.a : m.b;
            setCell(row, s,
                    tr("%1 ± %2 % (%n runs)", nullptr, runs)
                        .arg(formatNumber(v.mean, 2), formatNumber(v.std, 2)),
                    v.mean, true);
            item(row, s)->setToolTip(tr("Mean ± standard deviation over %n runs; 95 % t-interval "
                                        "%1 to %2.",
                                        nullptr, runs)
                                         .arg(formatNumber(v.low, 2), formatNumber(v.high, 2)));
        }
    }
    if (!report.verdict || !report.paired)
        return;
    setVerdict(report.verdict,
               tr("Paired t-test over %n seeds on the test accuracies: B − A = %1 points on "
                  "average (95 % interval %2 to %3).",
                  nullptr, runs)
                   .arg(formatNumber(report.paired->mean_difference, 2),
                        formatNumber(report.paired->low, 2), formatNumber(report.paired->high, 2)));
}

void ComparisonTable::setRunSummary(const std::optional<resdense::RunSummary>& summary)
{
    m_summary = summary;
    if (!summary) { // a new run: forget the last one's results
        for (int row = BestValidation; row < Significance; ++row)
            for (int slot = 0; slot < 2; ++slot)
                setCell(static_cast<Row>(row), slot, QStringLiteral("–"), kNone, true);
        setVerdict(std::nullopt, {});
        return;
    }
    for (std::size_t i = 0; i < summary->slots.size() && i < 2; ++i) {
        const auto& s = summary->slots[i];
        const int slot = static_cast<int>(i);
        if (s.name.empty())
            continue; // a slot this run did not train
        if (s.parameters > 0)
            setCell(Parameters, slot, formatCount(s.parameters), double(s.parameters), false);
        if (s.macs > 0)
            setCell(Macs, slot, formatCompact(double(s.macs)), double(s.macs), false);
        setCell(TestAccuracy, slot, formatPercent(s.test_accuracy), s.test_accuracy, true);
        if (s.inference_ms_per_image > 0)
            setCell(InferenceLatency, slot,
                    tr("%1 ms").arg(formatNumber(s.inference_ms_per_image, 2)),
                    s.inference_ms_per_image, false);
        QString status = statusText(s.status);
        if (!s.reason.empty())
            status += QStringLiteral(": ") + qs(s.reason);
        setStatus(slot, status);
    }
}

void ComparisonTable::update(const MetricsStore& store)
{
    for (int s = 0; s < 2; ++s) {
        const auto& epochs = store.epochs(s);
        if (const auto best = store.bestEpoch(s)) {
            const double acc = best->val_accuracy;
            if (std::isfinite(acc))
                setCell(BestValidation, s,
                        tr("%1 (epoch %2)").arg(formatPercent(acc)).arg(best->epoch + 1), acc,
                        true);
            else
                setCell(BestValidation, s, tr("no validation split"), kNone, true);
        }
        if (!epochs.empty()) {
            double sum = 0;
            for (const auto& e : epochs)
                sum += e.epoch_seconds;
            const double perEpoch = sum / double(epochs.size());
            setCell(EpochTime, s, formatDuration(perEpoch), perEpoch, false);
            const auto& last = epochs.back();
            const double seconds = last.total_seconds;
            const double speed = seconds > 0 ? double(last.images_seen) / seconds : kNone;
            setCell(TrainSpeed, s, tr("%1 images/s").arg(formatCount(std::llround(speed))), speed,
                    true);
            std::int64_t peak = 0;
            for (const auto& e : epochs)
                peak = std::max(peak, e.model_memory_bytes);
            if (peak > 0) // runs written before per-model memory was measured have none
                setCell(PeakMemory, s, formatBytes(peak), double(peak), false);
            else
                setCell(PeakMemory, s, tr("not measured"), kNone, false);
        } else if (!store.batches(s).empty()) {
            const auto& b = store.batches(s).back();
            const double speed =
                b.elapsed_seconds > 0 ? double(b.images_seen) / b.elapsed_seconds : kNone;
            if (std::isfinite(speed))
                setCell(TrainSpeed, s, tr("%1 images/s").arg(formatCount(std::llround(speed))),
                        speed, true);
        }
    }
}

} // namespace resdense::ui
