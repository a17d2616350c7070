#include "resdense/run_statistics.h"

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "resdense/error.h"
#include "resdense/predictions.h"
#include "resdense/run_record.h"

namespace resdense {
namespace {

std::vector<bool> correctness(const std::vector<TestPrediction>& rows)
{
    std::vector<bool> out;
    out.reserve(rows.size());
    for (const auto& p : rows)
        out.push_back(p.label == p.predicted);
    return out;
}

double percent_correct(const std::vector<bool>& correct)
{
    std::int64_t n = 0;
    for (bool c : correct)
        n += c;
    return 100.0 * static_cast<double>(n) / static_cast<double>(correct.size());
}

std::vector<TestPrediction> slot_predictions(const std::string& dir, const std::string& slot,
                                             bool best)
{
    const std::string path = predictions_path(dir, slot, best);
    if (!std::filesystem::exists(path))
        throw Error(path + " is missing: this run kept no test predictions (runs from before "
                           "they were kept, or runs that did not finish, have none)");
    return read_predictions(path);
}

DuelStatistics duel_statistics(const RunRecord& record, bool best)
{
    if (record.config.slots.size() != 2)
        throw Error(record.dir + ": statistics compare two models; this run trained " +
                    std::to_string(record.config.slots.size()));
    DuelStatistics d;
    d.run_dir = record.dir;
    const auto& sa = record.config.slots[0];
    const auto& sb = record.config.slots[1];
    const auto pa = slot_predictions(record.dir, sa.name, best);
    const auto pb = slot_predictions(record.dir, sb.name, best);
    if (pa.size() != pb.size())
        throw Error(record.dir + ": the two models' predictions cover different test images");
    for (std::size_t i = 0; i < pa.size(); ++i)
        if (pa[i].label != pb[i].label)
            throw Error(record.dir +
                        ": the predictions files disagree on the label of test image " +
                        std::to_string(i));
    const auto ca = correctness(pa), cb = correctness(pb);
    d.a = {sa.name, sa.model.preset, percent_correct(ca)};
    d.b = {sb.name, sb.model.preset, percent_correct(cb)};
    d.images = static_cast<std::int64_t>(pa.size());
    d.mcnemar = mcnemar_exact(ca, cb);
    d.difference = paired_bootstrap_difference(ca, cb);
    d.verdict = verdict_from(d.mcnemar, d.difference);
    return d;
}

// A summary.json metric of both slots (NaN when the summary lacks it).
std::pair<double, double> summary_metric(const RunRecord& r, const std::string& metric)
{
    if (!r.summary || r.summary->slots.size() != 2)
        return {std::nan(""), std::nan("")};
    auto value = [&](const SlotSummary& s) {
        if (metric == "best_val_accuracy")
            return 100.0 * s.best_val_accuracy;
        if (metric == "train_seconds")
            return s.train_seconds;
        return s.images_per_second;
    };
    return {value(r.summary->slots[0]), value(r.summary->slots[1])};
}

void add_metric(StatisticsReport& report, const std::string& metric, const std::vector<double>& a,
                const std::vector<double>& b)
{
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!std::isfinite(a[i]) || !std::isfinite(b[i]))
            return; // some run lacks it (no validation split, an old summary)
    report.across.push_back({metric, summarize_sample(a), summarize_sample(b)});
}

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json sample_json(const SampleSummary& s)
{
    return {{"n", s.n},
            {"mean", number(s.mean)},
            {"std", number(s.std)},
            {"ci95_low", number(s.low)},
            {"ci95_high", number(s.high)}};
}

nlohmann::json verdict_json(const Verdict& v)
{
    return {{"code", verdict_code_name(v.code)},
            {"sentence", verdict_sentence(v)},
            {"p_value", number(v.p_value)}};
}

} // namespace

StatisticsReport compare_runs(const std::vector<std::string>& run_dirs, bool best)
{
    if (run_dirs.empty())
        throw Error("no run folders given");
    StatisticsReport report;
    std::vector<RunRecord> records;
    for (const auto& dir : run_dirs) {
        records.push_back(read_run(dir));
        report.runs.push_back(duel_statistics(records.back(), best));
    }
    if (records.size() < 2)
        return report;
    std::vector<double> test_a, test_b;
    for (const auto& d : report.runs)
        test_a.push_back(d.a.accuracy), test_b.push_back(d.b.accuracy);
    add_metric(report, "test_accuracy", test_a, test_b);
    for (const char* metric : {"best_val_accuracy", "train_seconds", "images_per_second"}) {
        std::vector<double> a, b;
        for (const auto& r : records) {
            const auto [va, vb] = summary_metric(r, metric);
            a.push_back(va), b.push_back(vb);
        }
        add_metric(report, metric, a, b);
    }
    report.paired = paired_t_test(test_a, test_b);
    report.verdict = verdict_from(*report.paired);
    return report;
}

std::string to_json(const StatisticsReport& report)
{
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& d : report.runs)
        runs.push_back(
            {{"run_dir", d.run_dir},
             {"a", {{"slot", d.a.slot}, {"model", d.a.model}, {"accuracy", d.a.accuracy}}},
             {"b", {{"slot", d.b.slot}, {"model", d.b.model}, {"accuracy", d.b.accuracy}}},
             {"images", d.images},
             {"both_correct", d.mcnemar.both_correct},
             {"a_only_correct", d.mcnemar.a_only_correct},
             {"b_only_correct", d.mcnemar.b_only_correct},
             {"both_wrong", d.mcnemar.both_wrong},
             {"mcnemar_exact_p", d.mcnemar.p_value},
             {"difference_points", d.difference.estimate},
             {"difference_ci95_low", d.difference.low},
             {"difference_ci95_high", d.difference.high},
             {"bootstrap_resamples", 10000},
             {"verdict", verdict_json(d.verdict)}});
    nlohmann::json out = {{"runs", runs}};
    if (report.paired) {
        nlohmann::json across = nlohmann::json::object();
        for (const auto& m : report.across)
            across[m.metric] = {{"a", sample_json(m.a)}, {"b", sample_json(m.b)}};
        out["across_runs"] = across;
        out["paired_t_test"] = {{"n", report.paired->n},
                                {"mean_difference_points", number(report.paired->mean_difference)},
                                {"t", number(report.paired->t)},
                                {"p_value", number(report.paired->p_value)},
                                {"ci95_low", number(report.paired->low)},
                                {"ci95_high", number(report.paired->high)}};
        out["verdict"] = verdict_json(*report.verdict);
    }
    return out.dump(2);
}

} // namespace resdense
