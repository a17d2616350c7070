#include "resdense/run_record.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "resdense/error.h"
#include "resdense/trainer.h"
#include "train/batch_digest.h"
#include "train/run_folder.h"

namespace resdense {
namespace fs = std::filesystem;
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// JSON has no NaN: missing values (no validation split) are written as null...
nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// ... and null and missing values read back as NaN.
double number(const nlohmann::json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : kNaN;
}

} // namespace

std::string to_json(const RunSummary& s)
{
    nlohmann::json slots = nlohmann::json::array();
    for (const auto& slot : s.slots)
        slots.push_back({{"name", slot.name},
                         {"model", slot.model},
                         {"description", slot.description},
                         {"parameters", slot.parameters},
                         {"macs", slot.macs},
                         {"status", status_name(slot.status)},
                         {"reason", slot.reason},
                         {"epochs_done", slot.epochs_done},
                         {"best_epoch", slot.best_epoch},
                         {"best_val_accuracy", number(slot.best_val_accuracy)},
                         {"test_loss", number(slot.test_loss)},
                         {"test_accuracy", number(slot.test_accuracy)},
                         {"best_test_accuracy", number(slot.best_test_accuracy)},
                         {"train_seconds", slot.train_seconds},
                         {"images_per_second", slot.images_per_second},
                         {"inference_ms_per_image", slot.inference_ms_per_image},
                         {"model_memory_bytes", slot.model_memory_bytes},
                         {"peak_memory_bytes", slot.peak_memory_bytes}});
    return nlohmann::json{{"run_dir", s.run_dir},           {"precision", s.precision},
                          {"threads", s.threads},           {"completed", s.completed},
                          {"wall_seconds", s.wall_seconds}, {"slots", slots}}
        .dump(2);
}

RunSummary run_summary_from_json(const std::string& text)
{
    try {
        const auto j = nlohmann::json::parse(text);
        RunSummary s;
        s.run_dir = j.value("run_dir", "");
        s.precision = j.value("precision", "");
        s.threads = j.value("threads", 0);
        s.completed = j.value("completed", false);
        s.wall_seconds = j.value("wall_seconds", 0.0);
        for (const auto& o : j.value("slots", nlohmann::json::array())) {
            SlotSummary ss;
            ss.name = o.value("name", "");
            ss.model = o.value("model", "");
            ss.description = o.value("description", "");
            ss.parameters = o.value("parameters", std::int64_t{0});
            ss.macs = o.value("macs", std::int64_t{0});
            ss.status = parse_status(o.value("status", ""));
            ss.reason = o.value("reason", "");
            ss.epochs_done = o.value("epochs_done", 0);
            ss.best_epoch = o.value("best_epoch", -1);
            ss.best_val_accuracy = number(o, "best_val_accuracy");
            ss.test_loss = number(o, "test_loss");
            ss.test_accuracy = number(o, "test_accuracy");
            ss.best_test_accuracy = number(o, "best_test_accuracy");
            ss.train_seconds = o.value("train_seconds", 0.0);
            ss.images_per_second = o.value("images_per_second", 0.0);
            ss.inference_ms_per_image = o.value("inference_ms_per_image", 0.0);
            ss.model_memory_bytes = o.value("model_memory_bytes", std::int64_t{0});
            ss.peak_memory_bytes = o.value("peak_memory_bytes", std::int64_t{0});
            s.slots.push_back(std::move(ss));
        }
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("not a run summary: ") + e.what());
    }
}

RunRecord read_run(const std::string& dir)
{
    RunRecord r;
    r.dir = dir;
    r.config = read_run_config(dir);
    auto slot_index = [&](const std::string& name) {
        for (std::size_t i = 0; i < r.config.slots.size(); ++i)
            if (r.config.slots[i].name == name)
                return static_cast<int>(i);
        return -1;
    };

    const fs::path log = fs::path(dir) / "metrics.jsonl";
    if (fs::exists(log)) {
        std::istringstream lines(read_text_file(log.string()));
        for (std::string line; std::getline(lines, line);) {
            const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (j.is_discarded() || !j.is_object())
                continue; // a line torn by a crash mid-write
            const int slot = slot_index(j.value("slot", ""));
            if (slot < 0)
                continue;
            const std::string type = j.value("type", "");
            try {
                if (type == "batch") {
                    BatchMetrics m;
                    m.slot = slot;
                    m.epoch = j.value("epoch", 0);
                    m.batch = j.value("batch", std::int64_t{0});
                    m.step = j.value("step", std::int64_t{0});
                    m.loss = number(j, "loss");
                    m.accuracy = number(j, "accuracy");
                    m.lr = number(j, "lr");
                    m.images_per_second = number(j, "images_per_second");
                    m.images_seen = j.value("images_seen", std::int64_t{0});
                    m.elapsed_seconds = number(j, "seconds");
                    r.batches.push_back(m);
                } else if (type == "epoch") {
                    EpochMetrics m;
                    m.slot = slot;
                    m.epoch = j.value("epoch", 0);
                    m.train_loss = number(j, "train_loss");
                    m.train_accuracy = number(j, "train_accuracy");
                    m.val_loss = number(j, "val_loss");
                    m.val_accuracy = number(j, "val_accuracy");
                    m.epoch_seconds = number(j, "epoch_seconds");
                    m.total_seconds = number(j, "seconds");
                    m.images_per_second = number(j, "images_per_second");
                    m.images_seen = j.value("images_seen", std::int64_t{0});
                    m.model_memory_bytes = j.value("model_memory_bytes", std::int64_t{0});
                    m.peak_memory_bytes = j.value("peak_memory_bytes", std::int64_t{0});
                    if (j.contains("batch_digest"))
                        m.batch_digest = parse_digest(j.value("batch_digest", ""));
                    m.lr = number(j, "lr");
                    m.best = j.value("best", false);
                    r.epochs.push_back(m);
                } else if (type == "event") {
                    r.events.push_back({slot, j.value("event", ""), j.value("detail", "")});
                }
            } catch (const nlohmann::json::exception&) {
                continue; // a field of the wrong type: skip the line, keep the rest
            } catch (const Error&) {
                continue; // a malformed digest: likewise
            }
        }
    }
    // batches per epoch is not stored per line; recover it from the records.
    std::int64_t per_epoch = 0;
    for (const auto& b : r.batches)
        per_epoch = std::max(per_epoch, b.batch + 1);
    for (auto& b : r.batches)
        b.batches = per_epoch;

    const fs::path summary = fs::path(dir) / "summary.json";
    if (fs::exists(summary)) {
        try {
            r.summary = run_summary_from_json(read_text_file(summary.string()));
        } catch (const Error&) {
            r.summary.reset(); // written atomically, so only a hand-edited file gets here
        }
    }
    int done = std::numeric_limits<int>::max();
    for (std::size_t i = 0; i < r.config.slots.size(); ++i) {
        const auto& name = r.config.slots[i].name;
        auto path = [&](const char* which) {
            const fs::path p = fs::path(dir) / "models" / (name + "-" + which + ".pt");
            return fs::exists(p) ? p.string() : std::string();
        };
        r.last_checkpoints.push_back(path("last"));
        r.best_checkpoints.push_back(path("best"));
        int slot_done = 0;
        for (const auto& e : r.epochs)
            if (e.slot == static_cast<int>(i))
                slot_done = std::max(slot_done, e.epoch + 1);
        done = std::min(done, slot_done);
    }
    r.epochs_done = r.config.slots.empty() ? 0 : done;
    return r;
}

} // namespace resdense
