#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "resdense/run_statistics.h"

namespace resdense::cli {
namespace {

std::string fixed(double v, int digits = 2)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string p_text(double p)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, p < 1e-4 ? "%.2e" : "%.4g", p);
    return buf;
}

void print_run(const DuelStatistics& d)
{
    std::cout << d.run_dir << ": " << d.a.model << " (" << d.a.slot << ") " << fixed(d.a.accuracy)
              << " % vs " << d.b.model << " (" << d.b.slot << ") " << fixed(d.b.accuracy)
              << " % on " << d.images << " test images\n"
              << "  only A right " << d.mcnemar.a_only_correct << ", only B right "
              << d.mcnemar.b_only_correct << ", both right " << d.mcnemar.both_correct
              << ", both wrong " << d.mcnemar.both_wrong << "\n"
              << "  McNemar exact p = " << p_text(d.mcnemar.p_value)
              << "; B - A = " << fixed(d.difference.estimate) << " points, 95 % bootstrap CI "
              << fixed(d.difference.low) << " to " << fixed(d.difference.high) << "\n"
              << "  " << verdict_sentence(d.verdict) << "\n";
}

void print_sample(const char* name, const SampleSummary& s)
{
    std::cout << "    " << name << " " << fixed(s.mean, 3) << " ± " << fixed(s.std, 3);
    if (std::isfinite(s.low))
        std::cout << " (95 % CI " << fixed(s.low, 3) << " to " << fixed(s.high, 3) << ")";
    std::cout << "\n";
}

void print_across(const StatisticsReport& r)
{
    std::cout << "Across " << r.runs.size() << " runs (mean ± std, Student-t intervals):\n";
    for (const auto& m : r.across) {
        std::cout << "  " << m.metric << "\n";
        print_sample("A", m.a);
        print_sample("B", m.b);
    }
    std::cout << "  paired t-test on test accuracy: B - A = " << fixed(r.paired->mean_difference, 3)
              << " points, p = " << p_text(r.paired->p_value) << "\n  "
              << verdict_sentence(*r.verdict) << "\n";
}

} // namespace

void add_stats_command(CLI::App& app, Runner& run)
{
    auto dirs = std::make_shared<std::vector<std::string>>();
    auto json = std::make_shared<bool>(false);
    auto best = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "stats", "Is the difference between A and B significant? McNemar's exact test and a "
                 "paired bootstrap per duel; mean ± std, t-intervals and a paired t-test across "
                 "several duels (seeds)");
    cmd->add_option("runs", *dirs, "Run folders of duels (one per seed)")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_flag("--best", *best,
                  "Use the best checkpoints' test predictions, not the final ones");
    cmd->add_flag("--json", *json, "Print the results as JSON");
    cmd->callback([dirs, json, best, &run] {
        run = [dirs, json, best] {
            const StatisticsReport report = compare_runs(*dirs, *best);
            if (*json) {
                std::cout << to_json(report) << std::endl;
                return 0;
            }
            for (const auto& d : report.runs)
                print_run(d);
            if (report.paired)
                print_across(report);
            return 0;
        };
    });
}

} // namespace resdense::cli
