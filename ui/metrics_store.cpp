#include "metrics_store.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace resdense::ui {

void MetricsStore::clear()
{
    for (auto& b : m_batches)
        b.clear();
    for (auto& e : m_epochs)
        e.clear();
    for (auto& c : m_checks)
        c.clear();
}

void MetricsStore::setModelName(int slot, const QString& name)
{
    m_names.at(slot) = name;
}

QString MetricsStore::modelName(int slot) const
{
    return m_names.at(slot);
}

void MetricsStore::add(const BatchMetrics& m)
{
    if (m.slot >= 0 && m.slot < kSlots)
        m_batches[m.slot].push_back(m);
}

void MetricsStore::add(const EpochMetrics& m)
{
    if (m.slot >= 0 && m.slot < kSlots)
        m_epochs[m.slot].push_back(m);
}

void MetricsStore::add(const ValidationCheck& c)
{
    if (c.slot >= 0 && c.slot < kSlots)
        m_checks[c.slot].push_back(c);
}

void MetricsStore::load(const RunRecord& record, const std::vector<int>& slotOf,
                        const std::vector<ValidationCheck>& checks)
{
    clear();
    auto mapped = [&](int slot) {
        return slot >= 0 && slot < static_cast<int>(slotOf.size()) ? slotOf[slot] : slot;
    };
    for (auto b : record.batches) {
        b.slot = mapped(b.slot);
        add(b);
    }
    for (auto e : record.epochs) {
        e.slot = mapped(e.slot);
        add(e);
    }
    for (auto c : checks) {
        c.slot = mapped(c.slot);
        add(c);
    }
}

bool MetricsStore::hasData(int slot) const
{
    return !m_batches.at(slot).empty() || !m_epochs.at(slot).empty();
}

std::optional<EpochMetrics> MetricsStore::bestEpoch(int slot) const
{
    std::optional<EpochMetrics> best;
    for (const auto& e : m_epochs.at(slot)) {
        const double score = std::isfinite(e.val_accuracy) ? e.val_accuracy : e.train_accuracy;
        const double bestScore =
            best ? (std::isfinite(best->val_accuracy) ? best->val_accuracy : best->train_accuracy)
                 : -1.0;
        if (score > bestScore)
            best = e;
    }
    return best;
}

Series MetricsStore::trainSeries(int slot, Metric metric, XAxis axis) const
{
    Series s;
    const auto& batches = m_batches.at(slot);
    s.x.reserve(batches.size());
    s.y.reserve(batches.size());
    for (const auto& b : batches) {
        double x = 0;
        switch (axis) {
        case XAxis::Epoch:
            x = b.epoch + static_cast<double>(b.batch + 1) /
                              static_cast<double>(std::max<std::int64_t>(1, b.batches));
            break;
        case XAxis::WallTime: x = b.elapsed_seconds; break;
        case XAxis::ImagesSeen: x = static_cast<double>(b.images_seen); break;
        }
        const double y = metric == Metric::Loss ? b.loss : b.accuracy;
        if (!std::isfinite(y) || (!s.x.empty() && x < s.x.back()))
            continue;
        s.x.push_back(x);
        s.y.push_back(y);
    }
    return s;
}

double MetricsStore::xOf(const EpochMetrics& m, XAxis axis) const
{
    switch (axis) {
    case XAxis::Epoch: return m.epoch + 1.0;
    case XAxis::WallTime: return m.total_seconds;
    case XAxis::ImagesSeen: return static_cast<double>(m.images_seen);
    }
    return 0.0;
}

Series MetricsStore::validationSeries(int slot, Metric metric, XAxis axis) const
{
    // Epoch ends and checks, merged in training order.
    std::vector<std::pair<double, double>> points;
    for (const auto& e : m_epochs.at(slot))
        points.emplace_back(xOf(e, axis), metric == Metric::Loss ? e.val_loss : e.val_accuracy);
    for (const auto& c : m_checks.at(slot)) {
        const double x = axis == XAxis::Epoch ? c.epoch + static_cast<double>(c.batch + 1) /
                                                              std::max<std::int64_t>(1, c.batches)
                         : axis == XAxis::WallTime ? c.elapsed_seconds
                                                   : static_cast<double>(c.images_seen);
        points.emplace_back(x, metric == Metric::Loss ? c.val_loss : c.val_accuracy);
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Series s;
    for (const auto& [x, y] : points) {
        if (!std::isfinite(y))
            continue;
        s.x.push_back(x);
        s.y.push_back(y);
    }
    return s;
}

void MetricsStore::addRepeat(const std::array<std::vector<EpochMetrics>, kSlots>& epochs)
{
    m_repeats.push_back(epochs);
}

void MetricsStore::clearRepeats()
{
    m_repeats.clear();
}

namespace {

// The per-epoch value a repeat's curve shows: validation where the run had a split.
double epochValue(const EpochMetrics& e, Metric metric)
{
    const double val = metric == Metric::Loss ? e.val_loss : e.val_accuracy;
    if (std::isfinite(val))
        return val;
    return metric == Metric::Loss ? e.train_loss : e.train_accuracy;
}

} // namespace

Series MetricsStore::repeatSeries(int repeat, int slot, Metric metric, XAxis axis) const
{
    Series s;
    for (const auto& e : m_repeats.at(static_cast<std::size_t>(repeat)).at(slot)) {
        s.x.push_back(xOf(e, axis));
        s.y.push_back(epochValue(e, metric));
    }
    return s;
}

Band MetricsStore::band(int slot, Metric metric, XAxis axis) const
{
    Band b;
    if (m_repeats.size() < 2)
        return b;
    std::size_t epochs = SIZE_MAX;
    for (const auto& r : m_repeats)
        epochs = std::min(epochs, r.at(slot).size());
    const double n = static_cast<double>(m_repeats.size());
    for (std::size_t i = 0; i < epochs; ++i) {
        double sx = 0, sy = 0, syy = 0;
        for (const auto& r : m_repeats) {
            const double y = epochValue(r.at(slot)[i], metric);
            sx += xOf(r.at(slot)[i], axis);
            sy += y;
            syy += y * y;
        }
        const double mean = sy / n;
        const double sd = std::sqrt(std::max(0.0, (syy - n * mean * mean) / (n - 1.0)));
        b.x.push_back(sx / n);
        b.mean.push_back(mean);
        b.low.push_back(mean - sd);
        b.high.push_back(mean + sd);
    }
    b.runs = static_cast<int>(m_repeats.size());
    return b;
}

std::vector<double> smooth(const std::vector<double>& y, Smoothing kind, double strength)
{
    strength = std::clamp(strength, 0.0, 0.999);
    if (kind == Smoothing::None || y.empty() || strength <= 0.0)
        return y;
    std::vector<double> out(y.size());
    if (kind == Smoothing::Ema) {
        // Debiased like TensorBoard's, so the curve does not start at zero.
        double last = 0.0, weight = 0.0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            last = last * strength + (1.0 - strength) * y[i];
            weight = weight * strength + (1.0 - strength);
            out[i] = last / weight;
        }
        return out;
    }
    // Trailing moving average over a window of 1..100 points.
    const auto window = static_cast<std::size_t>(std::max(1.0, std::round(strength * 100.0)));
    double sum = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        sum += y[i];
        if (i >= window)
            sum -= y[i - window];
        out[i] = sum / static_cast<double>(std::min(i + 1, window));
    }
    return out;
}

} // namespace resdense::ui
