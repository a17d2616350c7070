#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace resdense::cli {

// Each command adds its subcommand to app and sets run to what executes it once parsing
// succeeded. run returns the exit code; it may throw resdense::Error (reported as exit code 1).
using Runner = std::function<int()>;

void add_summary_command(CLI::App& app, Runner& run);
void add_weights_commands(CLI::App& app, Runner& run);
void add_data_commands(CLI::App& app, Runner& run);
void add_train_commands(CLI::App& app, Runner& run);
void add_classify_and_bench_commands(CLI::App& app, Runner& run);
void add_stats_command(CLI::App& app, Runner& run);

} // namespace resdense::cli
