#pragma once

#include <fstream>
#include <string>

#include "resdense/metrics.h"
#include "resdense/run_config.h"

namespace resdense {

// A run's folder: config.json (to repeat the run), metrics.jsonl (append-only, one JSON object a
// line, flushed at least every epoch), checks.jsonl (validation checks between epoch ends, when
// the run makes them), summary.json, models/<slot>-last.pt and <slot>-best.pt.
// Every failure throws resdense::Error naming the file (a full disk included); files already
// written stay as they were.
class RunFolder {
public:
    // A new run: refuses a folder that already holds one.
    static RunFolder create(const std::string& dir, const RunConfig& config);
    // An existing run, to resume: keeps metrics.jsonl lines up to (epoch, batch) and drops the rest
    // (batches trained after the checkpoint and lost with the process).
    static RunFolder reopen(const std::string& dir, int epoch, std::int64_t batch);

    const std::string& dir() const { return m_dir; }
    std::string checkpoint(const std::string& slot,
                           const char* which) const; // which: "last", "best"

    void append(const std::string& slot, const BatchMetrics& m);
    void append(const std::string& slot, const EpochMetrics& m);
    void append_event(const std::string& slot, const std::string& event, const std::string& detail);
    // checks.jsonl: validation checks between epoch ends (see validation_checks.h).
    void append(const std::string& slot, const ValidationCheck& c);
    void flush();
    void write_summary(const RunSummary& summary);

private:
    explicit RunFolder(std::string dir);
    void open_log();
    void write_line(const std::string& line);

    std::string m_dir;
    std::ofstream m_log;
    std::ofstream m_checks; // opened at the first check
};

// The whole text of a file (for config.json); throws resdense::Error.
std::string read_text_file(const std::string& path);
// Writes text to path through a temporary file and a rename; throws resdense::Error.
void write_text_file_atomic(const std::string& path, const std::string& text);

} // namespace resdense
