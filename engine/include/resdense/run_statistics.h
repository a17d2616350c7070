#pragma once

#include <optional>
#include <string>
#include <vector>

#include "resdense/stats.h"

namespace resdense {

// The statistics of duels read back from their run folders (predictions/<slot>-test.csv and
// summary.json), for `resdense stats`, the workbench's table and reports.

struct SlotResult {
    std::string slot, model;
    double accuracy = 0.0; // percent, recounted from the predictions file
};

// One duel: both models on the same test images.
struct DuelStatistics {
    std::string run_dir;
    SlotResult a, b;
    std::int64_t images = 0;
    McNemarResult mcnemar;
    Interval difference; // B - A in points, paired bootstrap (10,000 resamples, seed 0)
    Verdict verdict;
};

// One metric of one model over several duels (seeds).
struct MetricAcrossRuns {
    std::string
        metric; // "test_accuracy", "best_val_accuracy", "train_seconds", "images_per_second"
    SampleSummary a, b;
};

struct StatisticsReport {
    std::vector<DuelStatistics> runs;
    // With two runs or more: per metric mean, std and t-interval, and a paired t-test of the test
    // accuracies across runs.
    std::vector<MetricAcrossRuns> across;
    std::optional<PairedTTest> paired;
    std::optional<Verdict> verdict;
};

// Reads each run's two slots' test predictions (the best checkpoint's with best = true). Throws
// resdense::Error naming the run or file at fault: a run without two slots, a missing or corrupt
// predictions file (runs written before predictions were kept have none), files that disagree on
// the test labels.
StatisticsReport compare_runs(const std::vector<std::string>& run_dirs, bool best = false);

std::string to_json(const StatisticsReport& report);

} // namespace resdense
