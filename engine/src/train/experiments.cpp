#include "resdense/experiments.h"

#include <filesystem>
#include <utility>

#include "resdense/error.h"

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
    // The first validation check about a minute into the run on a 2-core machine (about 0.45 s
    // per batch for both models), on 1,000 validation images.
    config.val_every = 100;
    config.val_subset = 1000;
    return config;
}

RunConfig tutorial_experiment(const std::string& dataset, bool probe)
{
    RunConfig config;
    config.dataset.spec = dataset;
    config.epochs = 10;
    config.batch_size = 64;
    config.augment = {};
    config.input.resize = 256;
    config.input.crop = 224;
    config.input.random_crop = false;
    config.input.normalize = "imagenet";
    // 224-px batches take seconds: a check every 25 batches, on 256 images.
    config.val_every = 25;
    config.val_subset = 256;
    for (const auto& [name, preset] : {std::pair{"a", "resnet18"}, std::pair{"b", "densenet121"}}) {
        SlotConfig slot;
        slot.name = name;
        slot.model = model_spec(preset);
        slot.optimizer.kind = OptimizerKind::SGD;
        slot.optimizer.lr = 0.001;
        slot.optimizer.momentum = 0.9;
        slot.optimizer.weight_decay = 0.0;
        slot.schedule.kind = ScheduleKind::Constant;
        slot.pretrained.source = "imagenet";
        slot.freeze = probe ? "backbone" : "none";
        config.slots.push_back(slot);
    }
    return config;
}

std::vector<std::string> recipe_names()
{
    return {"default", "tutorial", "tutorial-probe"};
}

RunConfig recipe(const std::string& name, const std::string& dataset)
{
    RunConfig config;
    if (name == "default")
        config = default_experiment();
    else if (name == "tutorial" || name == "tutorial-probe")
        config = tutorial_experiment("fashion-mnist", name == "tutorial-probe");
    else
        throw Error("unknown recipe '" + name +
                    "'; the recipes are default, tutorial and "
                    "tutorial-probe");
    if (!dataset.empty())
        config.dataset.spec = dataset;
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

bool is_run_or_repeats_folder(const std::string& dir)
{
    std::error_code ec;
    return is_run_folder(dir) ||
           std::filesystem::is_regular_file(std::filesystem::path(dir) / "repeats.json", ec);
}

} // namespace resdense
