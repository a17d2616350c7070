#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "resdense/metrics.h"
#include "resdense/run_config.h"

namespace resdense {

// A duel repeated once per seed, to tell a real difference from luck: DIR/repeats.json names the
// experiment and the seeds, DIR/seed-<s>/ is each seed's run folder. The seed drives everything
// random: initial weights, validation split, batch order, augmentation, dropout.
struct Repeats {
    RunConfig config; // the experiment; its own seed is replaced by each repeat's
    std::vector<std::uint64_t> seeds;
};

// Whether the run in run_dir finished every epoch (its summary.json says so; it alone is read).
bool run_finished(const std::string& run_dir);

// The run config of one repeat.
RunConfig repeat_config(const RunConfig& config, std::uint64_t seed);
std::string repeat_folder(const std::string& dir, std::uint64_t seed);

// DIR/repeats.json: written once (refuses a folder that already holds a run or repeats), read
// back by resume; read_repeats returns nullopt when DIR holds no repeats.
void create_repeats(const std::string& dir, const Repeats& repeats);
std::optional<Repeats> read_repeats(const std::string& dir);

// Trains, resumes or skips (when finished) each seed's run in turn, with a fresh sink from
// make_sink for each; stops early when a run stops (it stays resumable as a whole). Returns the
// run folders of the finished repeats, in seed order.
std::vector<std::string>
run_repeats(const std::string& dir,
            const std::function<std::unique_ptr<TrainSink>(std::uint64_t seed, std::size_t index)>&
                make_sink);

} // namespace resdense
