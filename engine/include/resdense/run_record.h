#pragma once

#include <optional>
#include <string>
#include <vector>

#include "resdense/metrics.h"
#include "resdense/run_config.h"

namespace resdense {

struct RunEvent {
    int slot = 0;
    std::string event;  // "diverged", "finished", "stopped", ...
    std::string detail; // the reason, when there is one
};

// Everything a run folder holds, read back: what the GUI shows when it opens a run written by the
// CLI or by itself. Slots are numbered as in config.slots.
struct RunRecord {
    std::string dir;
    RunConfig config;
    std::vector<BatchMetrics> batches; // in the order they were trained
    std::vector<EpochMetrics> epochs;
    std::vector<RunEvent> events;
    std::optional<RunSummary> summary; // absent when the process died before writing one
    std::string summary_problem;       // why summary.json was set aside (damaged), or ""
    // Per slot: models/<slot>-last.pt and -best.pt, or "" when that file does not exist.
    std::vector<std::string> last_checkpoints, best_checkpoints;
    int epochs_done = 0; // whole epochs both slots' records cover
};

// Reads config.json, metrics.jsonl (skipping lines torn by a crash), summary.json and the
// checkpoint names. Throws resdense::Error naming the file when the folder is not a run or its
// config cannot be read.
RunRecord read_run(const std::string& dir);

// The summary as summary.json holds it (NaN written as null), and that text back into a summary:
// every field is type- and range-checked, and a bad one throws resdense::Error naming `where`
// (the file), the slot and the field.
std::string to_json(const RunSummary& summary);
RunSummary run_summary_from_json(const std::string& json,
                                 const std::string& where = "summary.json");

} // namespace resdense
