#include "train/checkpoint_set.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "resdense/error.h"
#include "train/run_folder.h"

namespace resdense {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFormat = "resdense-checkpoint-set";

std::string manifest_path(const std::string& run_dir)
{
    return (fs::path(run_dir) / "models" / "last.json").string();
}

std::string next_path(const std::string& run_dir, const std::string& slot)
{
    return last_checkpoint_path(run_dir, slot) + ".next";
}

void rename_or_throw(const std::string& from, const std::string& to)
{
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec)
        throw Error(to + ": cannot replace (" + ec.message() + ")");
}

struct Manifest {
    Position position;
    std::vector<std::string> slots;
};

Manifest read_manifest(const std::string& path)
{
    const auto j = nlohmann::json::parse(read_text_file(path), nullptr, false);
    if (!j.is_object() || j.value("format", "") != kFormat)
        throw Error(path + ": not a checkpoint-set manifest; the run cannot resume safely");
    try {
        return {{j.at("epoch").get<int>(), j.at("batch").get<std::int64_t>(),
                 j.at("step").get<std::int64_t>()},
                j.at("slots").get<std::vector<std::string>>()};
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": unreadable (" + e.what() + "); the run cannot resume safely");
    }
}

// Whether a .next file is complete and at the committed position (a save cut short is neither).
bool readable_at(const std::string& path, const Position& committed,
                 const std::function<Position(const std::string&)>& position_of_file)
{
    try {
        return position_of_file(path) == committed;
    } catch (const Error&) {
        return false;
    }
}

} // namespace

std::string last_checkpoint_path(const std::string& run_dir, const std::string& slot)
{
    return (fs::path(run_dir) / "models" / (slot + "-last.pt")).string();
}

void commit_last_set(const std::string& run_dir, const std::vector<std::string>& slots,
                     const Position& position,
                     const std::function<void(const std::string&, const std::string&)>& write)
{
    try {
        for (const auto& slot : slots)
            write(slot, next_path(run_dir, slot));
    } catch (const Error&) { // nothing committed: leave the previous set as it was
        std::error_code ec;
        for (const auto& slot : slots)
            fs::remove(next_path(run_dir, slot), ec);
        throw;
    }
    const nlohmann::json manifest = {{"format", kFormat},
                                     {"epoch", position.epoch},
                                     {"batch", position.batch},
                                     {"step", position.step},
                                     {"slots", slots}};
    write_text_file_atomic(manifest_path(run_dir), manifest.dump(2) + "\n");
    for (const auto& slot : slots)
        rename_or_throw(next_path(run_dir, slot), last_checkpoint_path(run_dir, slot));
}

std::optional<Position>
recover_last_set(const std::string& run_dir, const std::vector<std::string>& slots,
                 const std::function<Position(const std::string&)>& position_of_file)
{
    const std::string manifest_file = manifest_path(run_dir);
    std::optional<Position> committed;
    if (fs::exists(manifest_file)) {
        const Manifest m = read_manifest(manifest_file);
        if (m.slots != slots)
            throw Error(manifest_file + ": lists other slots than the run's config.json");
        committed = m.position;
    }
    for (const auto& slot : slots) {
        const std::string next = next_path(run_dir, slot);
        if (!fs::exists(next))
            continue;
        if (committed && readable_at(next, *committed, position_of_file))
            rename_or_throw(next, last_checkpoint_path(run_dir, slot)); // finish the commit
        else
            fs::remove(next); // written by a save that never committed
    }
    std::vector<std::string> missing;
    for (const auto& slot : slots)
        if (!fs::exists(last_checkpoint_path(run_dir, slot)))
            missing.push_back(last_checkpoint_path(run_dir, slot));
    if (!missing.empty() && (committed || missing.size() < slots.size()))
        throw Error(missing.front() +
                    " is missing: the slots' last checkpoints do not form a "
                    "set, so the run cannot resume with both models at the same batch");
    return committed;
}

} // namespace resdense
