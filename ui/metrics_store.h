#pragma once

#include <array>
#include <optional>
#include <vector>

#include <QString>

#include "resdense/metrics.h"
#include "resdense/run_record.h"

namespace resdense::ui {

enum class XAxis { Epoch, WallTime, ImagesSeen };
enum class Smoothing { None, Ema, MovingAverage };
enum class Metric { Loss, Accuracy };

// A curve ready to draw: x and y of equal length, x ascending.
struct Series {
    std::vector<double> x, y;
    bool empty() const { return x.empty(); }
};

// The spread of one metric over repeated runs, epoch by epoch: mean and mean ± one sample
// standard deviation, at the runs' mean x.
struct Band {
    std::vector<double> x, mean, low, high;
    int runs = 0;
    bool empty() const { return x.empty(); }
};

// Every metric the trainer reported for up to two slots, in arrival order. Owned by the main
// window on the GUI thread; the curves, the table and the exports read it.
class MetricsStore {
public:
    static constexpr int kSlots = 2;

    // Forgets the current run's metrics (the finished repeats stay).
    void clear();
    void setModelName(int slot, const QString& name);
    QString modelName(int slot) const;
    void add(const BatchMetrics& m);
    void add(const EpochMetrics& m);
    void add(const ValidationCheck& c);
    // Replaces everything with a run folder's records; slotOf maps the engine's slot numbers to
    // the store's (a run of model B alone has B as the engine's slot 0).
    void load(const RunRecord& record, const std::vector<int>& slotOf,
              const std::vector<ValidationCheck>& checks = {});

    const std::vector<BatchMetrics>& batches(int slot) const { return m_batches.at(slot); }
    const std::vector<EpochMetrics>& epochs(int slot) const { return m_epochs.at(slot); }
    const std::vector<ValidationCheck>& checks(int slot) const { return m_checks.at(slot); }
    bool hasData(int slot) const;
    std::optional<EpochMetrics> bestEpoch(int slot) const; // highest validation accuracy

    // Per-batch training curve (the raw one, and smoothed), and the validation curve: each epoch's
    // end, with the validation checks between them (RunConfig::val_every) where the run made them.
    Series trainSeries(int slot, Metric metric, XAxis axis) const;
    Series validationSeries(int slot, Metric metric, XAxis axis) const;
    double xOf(const EpochMetrics& m, XAxis axis) const;

    // Finished repeats of the duel (seeds), each run's per-epoch records by store slot.
    void addRepeat(const std::array<std::vector<EpochMetrics>, kSlots>& epochs);
    void clearRepeats();
    int repeatCount() const { return static_cast<int>(m_repeats.size()); }
    // One repeat's per-epoch curve (validation, or training where the run had no validation
    // split), and the band over all repeats at the epochs every repeat reached.
    Series repeatSeries(int repeat, int slot, Metric metric, XAxis axis) const;
    Band band(int slot, Metric metric, XAxis axis) const;

private:
    std::array<std::vector<BatchMetrics>, kSlots> m_batches;
    std::array<std::vector<EpochMetrics>, kSlots> m_epochs;
    std::array<std::vector<ValidationCheck>, kSlots> m_checks;
    std::array<QString, kSlots> m_names;
    std::vector<std::array<std::vector<EpochMetrics>, kSlots>> m_repeats;
};

// Smoothing for noisy per-batch curves. strength in [0, 1): EMA weight of the past (TensorBoard's
// slider), or the moving-average window as a share of 100 points. Returns y unchanged for None.
std::vector<double> smooth(const std::vector<double>& y, Smoothing kind, double strength);

} // namespace resdense::ui
