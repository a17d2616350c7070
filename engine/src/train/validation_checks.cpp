#include "resdense/validation_checks.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace resdense {
namespace {

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double number_of(const nlohmann::json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : std::nan("");
}

} // namespace

std::string validation_check_json(const std::string& slot, const ValidationCheck& c)
{
    return nlohmann::json{{"slot", slot},
                          {"epoch", c.epoch},
                          {"batch", c.batch},
                          {"batches", c.batches},
                          {"step", c.step},
                          {"val_loss", number(c.val_loss)},
                          {"val_accuracy", number(c.val_accuracy)},
                          {"images", c.images},
                          {"images_seen", c.images_seen},
                          {"seconds", c.elapsed_seconds}}
        .dump();
}

std::vector<ValidationCheck> read_validation_checks(const std::string& run_dir,
                                                    const std::vector<std::string>& slot_names)
{
    std::vector<ValidationCheck> out;
    std::ifstream in(std::filesystem::path(run_dir) / kValidationChecksFile);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded() || !j.is_object() || !j.contains("slot") || !j["slot"].is_string())
            continue;
        ValidationCheck c;
        c.slot = -1;
        for (std::size_t i = 0; i < slot_names.size(); ++i)
            if (slot_names[i] == j["slot"].get<std::string>())
                c.slot = static_cast<int>(i);
        const double epoch = number_of(j, "epoch"), batch = number_of(j, "batch"),
                     batches = number_of(j, "batches"), step = number_of(j, "step"),
                     images = number_of(j, "images"), seen = number_of(j, "images_seen");
        c.val_loss = number_of(j, "val_loss");
        c.val_accuracy = number_of(j, "val_accuracy");
        c.elapsed_seconds = number_of(j, "seconds");
        const auto whole = [](double v, double most) {
            return std::isfinite(v) && v >= 0 && v <= most && v == std::floor(v);
        };
        if (c.slot < 0 || !whole(epoch, 1e5) || !whole(batches, 1e12) || !whole(batch, batches) ||
            !whole(step, 1e15) || !whole(images, 1e12) || !whole(seen, 1e18) ||
            !(std::isnan(c.val_accuracy) || (c.val_accuracy >= 0 && c.val_accuracy <= 1)) ||
            !(std::isnan(c.val_loss) || c.val_loss >= 0) ||
            !(std::isfinite(c.elapsed_seconds) && c.elapsed_seconds >= 0))
            continue;
        c.epoch = static_cast<int>(epoch);
        c.batch = static_cast<std::int64_t>(batch);
        c.batches = static_cast<std::int64_t>(batches);
        c.step = static_cast<std::int64_t>(step);
        c.images = static_cast<std::int64_t>(images);
        c.images_seen = static_cast<std::int64_t>(seen);
        out.push_back(c);
    }
    return out;
}

} // namespace resdense
