#include "resdense/repeats.h"

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/run_record.h"
#include "resdense/trainer.h"
#include "train/run_folder.h"

namespace resdense {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFormat = "resdense-repeats";

std::string repeats_file(const std::string& dir)
{
    return (fs::path(dir) / "repeats.json").string();
}

} // namespace

bool run_finished(const std::string& run_dir)
{
    const std::string path = (fs::path(run_dir) / "summary.json").string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return false;
    try {
        return run_summary_from_json(read_text_file(path)).completed;
    } catch (const Error&) {
        return false; // torn or unreadable: not finished
    }
}

RunConfig repeat_config(const RunConfig& config, std::uint64_t seed)
{
    RunConfig c = config;
    c.seed = seed;
    c.dataset.seed = seed;
    return c;
}

std::string repeat_folder(const std::string& dir, std::uint64_t seed)
{
    return (fs::path(dir) / ("seed-" + std::to_string(seed))).string();
}

void create_repeats(const std::string& dir, const Repeats& repeats)
{
    if (repeats.seeds.empty())
        throw Error("repeats need at least one seed");
    for (std::size_t i = 0; i < repeats.seeds.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (repeats.seeds[i] == repeats.seeds[j])
                throw Error("seed " + std::to_string(repeats.seeds[i]) + " is given twice");
    if (fs::exists(repeats_file(dir)) || is_run_folder(dir))
        throw Error(dir + ": already holds a run; resume it (resdense resume " + dir +
                    ") or choose another folder");
    // Pretrained weights that are missing or do not fit are refused before anything is written.
    const RunConfig config = pin_pretrained(repeats.config);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir + ": cannot create (" + ec.message() + ")");
    const nlohmann::json j = {{"format", kFormat},
                              {"seeds", repeats.seeds},
                              {"config", nlohmann::json::parse(to_json(config))}};
    write_text_file_atomic(repeats_file(dir), j.dump(2) + "\n");
}

std::optional<Repeats> read_repeats(const std::string& dir)
{
    const std::string path = repeats_file(dir);
    if (!fs::exists(path))
        return std::nullopt;
    const auto j = nlohmann::json::parse(read_text_file(path), nullptr, false);
    if (!j.is_object() || j.value("format", "") != kFormat)
        throw Error(path + ": not a repeats file");
    try {
        Repeats r;
        r.seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
        r.config = run_config_from_json(j.at("config").dump());
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": unreadable (" + e.what() + ")");
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

std::vector<std::string>
run_repeats(const std::string& dir,
            const std::function<std::unique_ptr<TrainSink>(std::uint64_t, std::size_t)>& make_sink)
{
    const std::optional<Repeats> repeats = read_repeats(dir);
    if (!repeats)
        throw Error(dir + ": holds no repeats (no repeats.json)");
    std::vector<std::string> done;
    for (std::size_t i = 0; i < repeats->seeds.size(); ++i) {
        const std::uint64_t seed = repeats->seeds[i];
        const std::string run_dir = repeat_folder(dir, seed);
        if (!run_finished(run_dir)) {
            const std::unique_ptr<TrainSink> sink = make_sink(seed, i);
            const RunSummary s = is_run_folder(run_dir)
                                     ? resume(run_dir, *sink)
                                     : train(repeat_config(repeats->config, seed), run_dir, *sink);
            if (!s.completed)
                return done;
        }
        done.push_back(run_dir);
    }
    return done;
}

} // namespace resdense
