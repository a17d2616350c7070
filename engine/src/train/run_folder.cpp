#include "train/run_folder.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "resdense/error.h"
#include "resdense/run_record.h"
#include "resdense/trainer.h"
#include "resdense/validation_checks.h"
#include "train/batch_digest.h"

namespace resdense {
namespace fs = std::filesystem;
namespace {

// JSON has no NaN: missing values (no validation split) are written as null.
nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string why_failed()
{
    return errno ? std::strerror(errno) : "unknown error";
}

} // namespace

std::string read_text_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot open (" + why_failed() + ")");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text_file_atomic(const std::string& path, const std::string& text)
{
    write_file_atomic(path, text);
}

RunFolder::RunFolder(std::string dir) : m_dir(std::move(dir))
{
}

RunFolder RunFolder::create(const std::string& dir, const RunConfig& config)
{
    std::error_code ec;
    if (fs::exists(fs::path(dir) / "config.json", ec))
        throw Error(dir + ": already holds a run; resume it (resdense resume " + dir +
                    ") or choose another folder");
    fs::create_directories(fs::path(dir) / "models", ec);
    if (ec)
        throw Error(dir + ": cannot create the run folder (" + ec.message() + ")");
    RunFolder folder(dir);
    write_text_file_atomic((fs::path(dir) / "config.json").string(), to_json(config) + "\n");
    folder.open_log();
    return folder;
}

RunFolder RunFolder::reopen(const std::string& dir, int epoch, std::int64_t batch)
{
    RunFolder folder(dir);
    // Checks after the checkpoint were made by weights the resumed run trains again.
    const std::string checks = (fs::path(dir) / kValidationChecksFile).string();
    if (fs::exists(checks)) {
        std::string kept_checks;
        std::istringstream lines(read_text_file(checks));
        for (std::string line; std::getline(lines, line);) {
            nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (j.is_discarded() || !j.is_object() || !j["epoch"].is_number_integer() ||
                !j["batch"].is_number_integer())
                continue; // read_validation_checks would skip it too
            const auto e = j["epoch"].get<std::int64_t>();
            if (e < epoch || (e == epoch && j["batch"].get<std::int64_t>() < batch))
                kept_checks += line + "\n";
        }
        write_text_file_atomic(checks, kept_checks);
    }
    const std::string log = (fs::path(dir) / "metrics.jsonl").string();
    std::string kept;
    if (fs::exists(log)) {
        std::istringstream lines(read_text_file(log));
        std::int64_t number = 0;
        for (std::string line; std::getline(lines, line);) {
            ++number;
            nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (j.is_discarded())
                continue; // a line torn by a crash mid-write (read_run has named any other)
            try {
                if (!j.is_object())
                    throw Error("not a JSON object");
                const int e = j.value("epoch", 0);
                const std::string type = j.value("type", "");
                const bool before =
                    type == "batch" ? (e < epoch || (e == epoch && j.value("batch", 0LL) < batch))
                                    : e < epoch;
                if (before || type == "event")
                    kept += line + "\n";
            } catch (const std::exception& ex) {
                throw Error(log + " line " + std::to_string(number) +
                            ": cannot be read to resume (" + ex.what() + ")");
            }
        }
    }
    write_text_file_atomic(log, kept);
    folder.open_log();
    return folder;
}

void RunFolder::open_log()
{
    const std::string log = (fs::path(m_dir) / "metrics.jsonl").string();
    m_log.open(log, std::ios::app);
    if (!m_log)
        throw Error(log + ": cannot open for writing (" + why_failed() + ")");
}

std::string RunFolder::checkpoint(const std::string& slot, const char* which) const
{
    return (fs::path(m_dir) / "models" / (slot + "-" + which + ".pt")).string();
}

void RunFolder::write_line(const std::string& line)
{
    m_log << line << '\n';
    if (!m_log)
        throw Error(m_dir + "/metrics.jsonl: cannot write (" + why_failed() +
                    "; is the disk full?)");
}

void RunFolder::append(const std::string& slot, const BatchMetrics& m)
{
    write_line(nlohmann::json{{"type", "batch"},
                              {"slot", slot},
                              {"epoch", m.epoch},
                              {"batch", m.batch},
                              {"step", m.step},
                              {"loss", number(m.loss)},
                              {"accuracy", m.accuracy},
                              {"lr", m.lr},
                              {"images_per_second", m.images_per_second},
                              {"images_seen", m.images_seen},
                              {"seconds", m.elapsed_seconds}}
                   .dump());
}

void RunFolder::append(const std::string& slot, const EpochMetrics& m)
{
    write_line(nlohmann::json{{"type", "epoch"},
                              {"slot", slot},
                              {"epoch", m.epoch},
                              {"train_loss", number(m.train_loss)},
                              {"train_accuracy", m.train_accuracy},
                              {"val_loss", number(m.val_loss)},
                              {"val_accuracy", number(m.val_accuracy)},
                              {"epoch_seconds", m.epoch_seconds},
                              {"seconds", m.total_seconds},
                              {"images_per_second", m.images_per_second},
                              {"images_seen", m.images_seen},
                              {"model_memory_bytes", m.model_memory_bytes},
                              {"peak_memory_bytes", m.peak_memory_bytes},
                              {"lr", m.lr},
                              {"best", m.best},
                              {"batch_digest", digest_hex(m.batch_digest)}}
                   .dump());
    flush();
}

void RunFolder::append(const std::string& slot, const ValidationCheck& c)
{
    const std::string path = (fs::path(m_dir) / kValidationChecksFile).string();
    if (!m_checks.is_open()) {
        m_checks.open(path, std::ios::app);
        if (!m_checks)
            throw Error(path + ": cannot open for writing (" + why_failed() + ")");
    }
    m_checks << validation_check_json(slot, c) << '\n';
    m_checks.flush();
    if (!m_checks)
        throw Error(path + ": cannot write (" + why_failed() + "; is the disk full?)");
}

void RunFolder::append_event(const std::string& slot, const std::string& event,
                             const std::string& detail)
{
    write_line(
        nlohmann::json{{"type", "event"}, {"slot", slot}, {"event", event}, {"detail", detail}}
            .dump());
    flush();
}

// At epoch ends and events: the lines so far reach the disk (a power cut keeps them).
void RunFolder::flush()
{
    m_log.flush();
    if (!m_log)
        throw Error(m_dir + "/metrics.jsonl: cannot write (" + why_failed() +
                    "; is the disk full?)");
    sync_file((fs::path(m_dir) / "metrics.jsonl").string());
    if (m_checks.is_open())
        sync_file((fs::path(m_dir) / kValidationChecksFile).string());
}

void RunFolder::write_summary(const RunSummary& s)
{
    write_text_file_atomic((fs::path(m_dir) / "summary.json").string(), to_json(s) + "\n");
}

} // namespace resdense
