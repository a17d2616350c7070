#pragma once

#include <CLI/CLI.hpp>

#include "resdense/dataset.h"

namespace resdense::cli {

// The dataset and augmentation flags shared by data, train and duel commands.
void add_dataset_flags(CLI::App& cmd, DatasetOptions& options);
void add_augment_flags(CLI::App& cmd, AugmentOptions& options);
void add_input_flags(CLI::App& cmd, InputOptions& options);

} // namespace resdense::cli
