#pragma once

#include <cstdint>
#include <string>

#include "train/slot_run.h"

namespace resdense {

// Where a run stands: the next batch to train and the steps taken so far.
struct Position {
    int epoch = 0;
    std::int64_t batch = 0;
    std::int64_t step = 0;
    bool operator==(const Position&) const = default;
};
std::string describe(const Position& p); // "epoch 3, batch 12 (step 246)", 1-based as users count

// What a checkpoint records of a slot's training besides its weights, optimizer and generator:
// enough for a resumed run to report the same metrics as one never stopped.
struct TrainingState {
    Position next;
    double wall_seconds = 0.0;      // of the run's earlier sessions
    std::uint64_t epoch_digest = 0; // of this epoch's batches so far
};

// The "state" document of a checkpoint (JSON text) and back. from_json throws resdense::Error
// naming `path`; it reads checkpoints older than this program too.
std::string training_state_json(const SlotRun& slot, const TrainingState& state);
TrainingState restore_training_state(SlotRun& slot, const std::string& json,
                                     const std::string& path);

// Only the position of a checkpoint's state document.
Position position_of(const std::string& json, const std::string& path);

} // namespace resdense
