#pragma once

#include <array>
#include <optional>

#include <QTableWidget>

#include "metrics_store.h"
#include "resdense/metrics.h"
#include "resdense/model_summary.h"
#include "resdense/run_statistics.h"
#include "resdense/stats.h"

namespace resdense::ui {

// A and B side by side: size, cost, accuracy and speed. The better value of each row is bold.
// Filled from the models' summaries (before training), the store (live) and the run summary
// (when a run finishes or is opened).
class ComparisonTable : public QTableWidget {
    Q_OBJECT
public:
    enum Row {
        Model,
        Parameters,
        Macs,
        BestValidation,
        TestAccuracy,
        EpochTime,
        TrainSpeed,
        InferenceLatency,
        PeakMemory,
        Status,
        Significance, // one cell spanning both models: the statistical verdict on the test set
        RowCount
    };

    explicit ComparisonTable(QWidget* parent = nullptr);

    void setModel(int slot, const QString& name, const std::optional<resdense::ModelSummary>& s,
                  bool enabled);
    void setRunSummary(const std::optional<resdense::RunSummary>& summary);
    void setStatus(int slot, const QString& status);
    // The verdict of McNemar's test on both models' test predictions, or why there is none.
    void setVerdict(const std::optional<resdense::Verdict>& verdict, const QString& detail);
    // Repeated duels: accuracies as mean ± std over the runs, and the paired t-test's verdict.
    void setRepeatStatistics(const resdense::StatisticsReport& report);
    void update(const MetricsStore& store);
    QString text(Row row, int slot) const;

private:
    void setCell(Row row, int slot, const QString& text, double value, bool higherIsBetter);
    void markBetter(Row row);

    std::array<std::array<double, RowCount>, 2> m_values{};
    std::array<std::array<bool, RowCount>, 2> m_higherBetter{};
    std::optional<resdense::RunSummary> m_summary;
};

} // namespace resdense::ui
