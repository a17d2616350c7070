#include "train/input_normalization.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "resdense/weights.h"

namespace resdense {

namespace {

bool any_pretrained(const RunConfig& c)
{
    return std::any_of(c.slots.begin(), c.slots.end(),
                       [](const SlotConfig& s) { return !s.pretrained.empty(); });
}

bool imagenet_normalization(const RunConfig& c)
{
    // "auto" is decided for runs with pretrained weights (decide_normalization); a config from
    // before that still says it.
    return c.input.normalize == "imagenet" || (c.input.normalize == "auto" && any_pretrained(c));
}

} // namespace

void decide_normalization(RunConfig& config)
{
    if (config.input.normalize != "auto" || !any_pretrained(config))
        return;
    bool torchvision = false;
    for (const auto& slot : config.slots)
        torchvision = torchvision || (!slot.pretrained.empty() &&
                                      !inspect_weights(slot.pretrained.path).is_checkpoint);
    config.input.normalize = torchvision ? "imagenet" : "dataset";
}

std::vector<double> input_mean(const RunConfig& c, const DatasetInfo& info)
{
    return imagenet_normalization(c) ? imagenet_mean(info.channels) : info.mean;
}

std::vector<double> input_std(const RunConfig& c, const DatasetInfo& info)
{
    return imagenet_normalization(c) ? imagenet_std(info.channels) : info.std;
}

std::string input_json(const RunConfig& c, const DatasetInfo& info)
{
    return nlohmann::json{{"channels", info.channels}, {"height", info.height},
                          {"width", info.width},       {"resize", c.input.resize},
                          {"crop", c.input.crop},      {"mean", input_mean(c, info)},
                          {"std", input_std(c, info)}, {"dataset", info.name}}
        .dump();
}

} // namespace resdense
