#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "train/training_state.h"

namespace resdense {

// The slots' last checkpoints (models/<slot>-last.pt) form one consistent set, all at the same
// position, so a resumed duel continues both models from the same batch.
//
// Writing is a small commit protocol: every slot's file is first written completely as
// <slot>-last.pt.next; then models/last.json (the manifest: the position and the slots) replaces
// the old one atomically, which is the commit; then each .next file is renamed into place. A crash
// before the commit leaves the previous set intact; one after it is finished by recover_last_set().

// `write(slot, path)` writes that slot's checkpoint at `position` to path.
void commit_last_set(
    const std::string& run_dir, const std::vector<std::string>& slots, const Position& position,
    const std::function<void(const std::string& slot, const std::string& path)>& write);

// Before resuming: finishes a committed set's renames, discards uncommitted .next files, and
// checks that every slot has its file. Returns the manifest's position, or nullopt when the run
// has no manifest (a run written before manifests existed, or none yet). Throws resdense::Error
// naming what is missing or inconsistent.
std::optional<Position>
recover_last_set(const std::string& run_dir, const std::vector<std::string>& slots,
                 const std::function<Position(const std::string& path)>& position_of_file);

std::string last_checkpoint_path(const std::string& run_dir, const std::string& slot);

} // namespace resdense
