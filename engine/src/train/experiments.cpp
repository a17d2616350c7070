#include "resdense/experiments.h"

#include <filesystem>

namespace resdense {

SlotConfig default_slot(const std::string& name, const ModelSpec& model)
{
    SlotConfig slot;
    slot.name = name;
    slot.model = model;
    slot.optimizer.weight_decay = model.family == Family::DenseNet ? 1e-4 : 5e-4;
    return slot;
}

RunConfig default_experiment()
{
    RunConfig config;
    config.dataset.spec = "fashion-mnist";
    config.slots = {default_slot("a", model_spec("resnet20")),
                    default_slot("b", model_spec("densenet-bc-40"))};
    return config;
}

std::string run_folder_name(const RunConfig& config, std::time_t when)
{
    char stamp[32];
    std::tm local{};
    localtime_r(&when, &local);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    std::string name = stamp;
    for (std::size_t i = 0; i < config.slots.size(); ++i) {
        const ModelSpec& m = config.slots[i].model;
        name += i == 0 ? "-" : "-vs-";
        name += m.preset.empty() ? family_name(m.family) : m.preset;
    }
    return name;
}

bool is_family_name(const std::string& name)
{
    return name == "cifar-resnet" || name == "densenet" || name == "densenet-bc";
}

bool is_run_folder(const std::string& dir)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(std::filesystem::path(dir) / "config.json", ec);
}

} // namespace resdense

namespace resdense {

bool is_run_or_repeats_folder(const std::string& dir)
{
    std::error_code ec;
    return is_run_folder(dir) ||
           std::filesystem::is_regular_file(std::filesystem::path(dir) / "repeats.json", ec);
}

} // namespace resdense
