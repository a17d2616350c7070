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

// Bounds for metrics.jsonl's counters: far beyond any real run, far below any overflow of the
// sums and products made from them (batches per epoch = batch + 1, epochs done = epoch + 1).
constexpr std::int64_t kMaxBatch = std::int64_t{1} << 40;
constexpr std::int64_t kMaxCount = std::int64_t{1} << 53; // steps, images, bytes
constexpr double kMaxFinite = std::numeric_limits<double>::max();

// One JSON object of a run folder (a line of metrics.jsonl, summary.json or one of its slots),
// checked field by field: a field of the wrong type or out of range throws resdense::Error naming
// the file, the line or slot, and the field. Missing fields keep their defaults (older runs lack
// some); null reads as NaN, as the writer stores NaN and infinities as null.
class CheckedFields {
public:
    CheckedFields(const nlohmann::json& j, std::string where) : m_j(j), m_where(std::move(where))
    {
    }

    [[noreturn]] void fail(const char* key, const std::string& why) const
    {
        throw Error(m_where + ": \"" + key + "\" " + why);
    }

    std::int64_t integer(const char* key, std::int64_t lo, std::int64_t hi,
                         std::int64_t fallback = 0) const
    {
        const auto it = m_j.find(key);
        if (it == m_j.end())
            return fallback;
        if (!it->is_number_integer())
            fail(key, "must be a whole number; got " + it->dump());
        const bool in_range =
            it->is_number_unsigned()
                ? it->get<std::uint64_t>() <= static_cast<std::uint64_t>(hi) &&
                      (lo <= 0 || it->get<std::uint64_t>() >= static_cast<std::uint64_t>(lo))
                : it->get<std::int64_t>() >= lo && it->get<std::int64_t>() <= hi;
        if (!in_range)
            fail(key, "must lie between " + std::to_string(lo) + " and " + std::to_string(hi) +
                          "; got " + it->dump());
        return it->get<std::int64_t>();
    }

    // A finite number in [lo, hi], or NaN for null and missing.
    double real(const char* key, double lo, double hi) const
    {
        const auto it = m_j.find(key);
        if (it == m_j.end() || it->is_null())
            return kNaN;
        if (!it->is_number())
            fail(key, "must be a number or null; got " + it->dump());
        const double v = it->get<double>();
        if (!std::isfinite(v) || v < lo || v > hi) {
            std::ostringstream range;
            range << "must be a finite number";
            if (lo > -kMaxFinite && hi < kMaxFinite)
                range << " between " << lo << " and " << hi;
            else if (lo > -kMaxFinite)
                range << " of at least " << lo;
            fail(key, range.str() + "; got " + it->dump());
        }
        return v;
    }
    double non_negative(const char* key) const { return real(key, 0.0, kMaxFinite); }
    double fraction(const char* key) const { return real(key, 0.0, 1.0); }

    bool boolean(const char* key) const
    {
        const auto it = m_j.find(key);
        if (it == m_j.end())
            return false;
        if (!it->is_boolean())
            fail(key, "must be true or false; got " + it->dump());
        return it->get<bool>();
    }

    std::string text(const char* key) const
    {
        const auto it = m_j.find(key);
        if (it == m_j.end())
            return {};
        if (!it->is_string())
            fail(key, "must be a string; got " + it->dump());
        return it->get<std::string>();
    }

    const std::string& where() const { return m_where; }

private:
    const nlohmann::json& m_j;
    std::string m_where;
};

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

RunSummary run_summary_from_json(const std::string& text, const std::string& where)
{
    // Bounds far beyond any real run (config.json allows 100000 epochs and 1024 threads) and far
    // below any overflow of what is computed from them.
    constexpr std::int64_t kMaxEpochs = 100000;
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        throw Error(where + ": not a run summary (not a JSON object)");
    const CheckedFields f(j, where);
    RunSummary s;
    s.run_dir = f.text("run_dir");
    s.precision = f.text("precision");
    s.threads = static_cast<int>(f.integer("threads", 0, 1024));
    s.completed = f.boolean("completed");
    s.wall_seconds = f.non_negative("wall_seconds");
    if (std::isnan(s.wall_seconds))
        s.wall_seconds = 0.0;
    const auto slots = j.find("slots");
    if (slots != j.end()) {
        if (!slots->is_array() || slots->size() > 2)
            f.fail("slots", "must be a list of one or two models; got " +
                                slots->dump().substr(0, 80));
        for (std::size_t i = 0; i < slots->size(); ++i) {
            const auto& o = (*slots)[i];
            const std::string slot_where = where + " slot " + std::to_string(i + 1);
            if (!o.is_object())
                throw Error(slot_where + ": not a JSON object");
            const CheckedFields g(o, slot_where);
            SlotSummary ss;
            ss.name = g.text("name");
            if (ss.name.empty() || ss.name.size() > 32 ||
                ss.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") !=
                    std::string::npos)
                g.fail("name", "must be 1-32 lower-case letters, digits or '_'; got " +
                                   o.value("name", nlohmann::json()).dump().substr(0, 80));
            ss.model = g.text("model");
            ss.description = g.text("description");
            ss.parameters = g.integer("parameters", 0, kMaxCount);
            ss.macs = g.integer("macs", 0, kMaxCount);
            const std::string status = g.text("status");
            ss.status = parse_status(status);
            if (!status.empty() && status_name(ss.status) != status)
                g.fail("status", "must be training, finished, diverged or stopped; got \"" +
                                     status.substr(0, 40) + "\"");
            ss.reason = g.text("reason");
            ss.epochs_done = static_cast<int>(g.integer("epochs_done", 0, kMaxEpochs));
            ss.best_epoch = static_cast<int>(g.integer("best_epoch", -1, kMaxEpochs - 1, -1));
            ss.best_val_accuracy = g.fraction("best_val_accuracy");
            ss.test_loss = g.non_negative("test_loss");
            ss.test_accuracy = g.fraction("test_accuracy");
            ss.best_test_accuracy = g.fraction("best_test_accuracy");
            auto seconds_or_zero = [&](const char* key) {
                const double v = g.non_negative(key);
                return std::isnan(v) ? 0.0 : v;
            };
            ss.train_seconds = seconds_or_zero("train_seconds");
            ss.images_per_second = seconds_or_zero("images_per_second");
            ss.inference_ms_per_image = seconds_or_zero("inference_ms_per_image");
            ss.model_memory_bytes = g.integer("model_memory_bytes", 0, kMaxCount);
            ss.peak_memory_bytes = g.integer("peak_memory_bytes", 0, kMaxCount);
            s.slots.push_back(std::move(ss));
        }
    }
    return s;
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

    // metrics.jsonl: every field of every line is checked (a tampered line throws, naming its
    // number and the field). Only the last line may be torn: a crash mid-write leaves part of a
    // line at the end, and resuming rewrites the file without it (RunFolder::reopen); anything
    // unreadable before the last line is damage, not a crash, and is named too.
    const fs::path log = fs::path(dir) / "metrics.jsonl";
    if (fs::exists(log)) {
        std::vector<std::string> lines;
        {
            std::istringstream in(read_text_file(log.string()));
            for (std::string line; std::getline(in, line);)
                lines.push_back(std::move(line));
        }
        auto blank = [](const std::string& line) {
            return line.find_first_not_of(" \t\r") == std::string::npos;
        };
        std::size_t last = lines.size();
        while (last > 0 && blank(lines[last - 1]))
            --last;
        const int max_epoch = std::max(0, r.config.epochs - 1);
        for (std::size_t n = 0; n < last; ++n) {
            if (blank(lines[n]))
                continue;
            const std::string where = log.string() + " line " + std::to_string(n + 1);
            const auto j = nlohmann::json::parse(lines[n], nullptr, /*allow_exceptions=*/false);
            if (j.is_discarded() || !j.is_object()) {
                if (n + 1 == last)
                    break; // a line torn by a crash mid-write
                throw Error(where + ": not a JSON object (a damaged or hand-edited file?)");
            }
            const CheckedFields f(j, where);
            if (!j.contains("type"))
                f.fail("type", "is missing");
            const std::string type = f.text("type");
            if (type != "batch" && type != "epoch" && type != "event")
                continue; // a kind of line a later version writes
            const std::string name = f.text("slot");
            const int slot = slot_index(name);
            if (slot < 0) {
                std::string names;
                for (const auto& s : r.config.slots)
                    names += (names.empty() ? "" : ", ") + s.name;
                f.fail("slot", "names no model of this run (" + names + "); got \"" + name + "\"");
            }
            if (type == "batch") {
                BatchMetrics m;
                m.slot = slot;
                m.epoch = static_cast<int>(f.integer("epoch", 0, max_epoch));
                m.batch = f.integer("batch", 0, kMaxBatch);
                m.step = f.integer("step", 0, kMaxCount);
                m.loss = f.non_negative("loss");
                m.accuracy = f.fraction("accuracy");
                m.lr = f.non_negative("lr");
                m.images_per_second = f.non_negative("images_per_second");
                m.images_seen = f.integer("images_seen", 0, kMaxCount);
                m.elapsed_seconds = f.non_negative("seconds");
                r.batches.push_back(m);
            } else if (type == "epoch") {
                EpochMetrics m;
                m.slot = slot;
                m.epoch = static_cast<int>(f.integer("epoch", 0, max_epoch));
                m.train_loss = f.non_negative("train_loss");
                m.train_accuracy = f.fraction("train_accuracy");
                m.val_loss = f.non_negative("val_loss");
                m.val_accuracy = f.fraction("val_accuracy");
                m.epoch_seconds = f.non_negative("epoch_seconds");
                m.total_seconds = f.non_negative("seconds");
                m.images_per_second = f.non_negative("images_per_second");
                m.images_seen = f.integer("images_seen", 0, kMaxCount);
                m.model_memory_bytes = f.integer("model_memory_bytes", 0, kMaxCount);
                m.peak_memory_bytes = f.integer("peak_memory_bytes", 0, kMaxCount);
                if (j.contains("batch_digest")) {
                    try {
                        m.batch_digest = parse_digest(f.text("batch_digest"));
                    } catch (const Error& e) {
                        f.fail("batch_digest", e.what());
                    }
                }
                m.lr = f.non_negative("lr");
                m.best = f.boolean("best");
                r.epochs.push_back(m);
            } else {
                r.events.push_back({slot, f.text("event"), f.text("detail")});
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
        // Written atomically, so only a damaged or hand-edited file fails here: the run still
        // opens from its metrics, and the reason is kept for the front ends to show.
        try {
            r.summary = run_summary_from_json(read_text_file(summary.string()), summary.string());
        } catch (const Error& e) {
            r.summary.reset();
            r.summary_problem = e.what();
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
