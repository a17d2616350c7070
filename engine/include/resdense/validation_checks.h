#pragma once

#include <string>
#include <vector>

#include "resdense/metrics.h"

namespace resdense {

// Where a run folder keeps its validation checks: one JSON object a line.
inline constexpr const char* kValidationChecksFile = "checks.jsonl";

// One check as its line (without the newline); slot is the slot's name.
std::string validation_check_json(const std::string& slot, const ValidationCheck& check);

// The run folder's checks, in the order they were made, with each slot's name turned into its
// index in slot_names. Lines torn by a crash, lines of unknown slots and lines whose numbers are
// out of range are skipped; no file: none. Never throws for the file's content.
std::vector<ValidationCheck> read_validation_checks(const std::string& run_dir,
                                                    const std::vector<std::string>& slot_names);

} // namespace resdense
