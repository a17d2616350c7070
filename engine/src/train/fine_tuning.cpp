#include "train/fine_tuning.h"

#include <regex>

#include <torch/nn/modules/batchnorm.h>

#include "resdense/error.h"

namespace resdense {

namespace {

bool has_module(const NetImpl& net, const std::string& path)
{
    for (const auto& item : net.named_modules("", /*include_self=*/false))
        if (item.key() == path)
            return true;
    return false;
}

bool starts_with_path(const std::string& name, const std::string& prefix)
{
    return name == prefix ||
           (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
            name[prefix.size()] == '.');
}

// The stem's modules and the modules of stage k (1-based), by the model's own names.
std::vector<std::string> stem_modules(const NetImpl& net)
{
    if (has_module(net, "features"))
        return {"features.conv0", "features.norm0"};
    return {"conv1", "bn1"};
}

std::vector<std::string> stage_modules(const NetImpl& net, int k)
{
    const std::string n = std::to_string(k);
    if (has_module(net, "features")) {
        std::vector<std::string> stage{"features.denseblock" + n};
        if (has_module(net, "features.transition" + n))
            stage.push_back("features.transition" + n);
        return has_module(net, stage.front()) ? stage : std::vector<std::string>{};
    }
    return has_module(net, "layer" + n) ? std::vector<std::string>{"layer" + n}
                                        : std::vector<std::string>{};
}

} // namespace

bool FrozenPart::contains(const std::string& name) const
{
    for (const auto& prefix : prefixes)
        if (starts_with_path(name, prefix))
            return true;
    return false;
}

bool is_head_parameter(const std::string& name)
{
    return starts_with_path(name, "fc") || starts_with_path(name, "classifier");
}

FrozenPart frozen_part(const NetImpl& net, const std::string& freeze)
{
    FrozenPart part;
    if (freeze.empty() || freeze == "none")
        return part;
    if (freeze == "backbone") {
        for (const auto& item : net.named_children())
            if (!is_head_parameter(item.key()))
                part.prefixes.push_back(item.key());
        return part;
    }
    static const std::regex stages(R"(stages:(\d{1,3}))");
    std::smatch m;
    if (!std::regex_match(freeze, m, stages))
        throw Error("--freeze must be none, backbone or stages:K (K frozen stages after the "
                    "stem); got '" +
                    freeze + "'");
    const int k = std::stoi(m[1].str());
    part.prefixes = stem_modules(net);
    for (int s = 1; s <= k; ++s) {
        const auto stage = stage_modules(net, s);
        if (stage.empty())
            throw Error("--freeze stages:" + std::to_string(k) + ": this model has " +
                        std::to_string(s - 1) + " stages");
        part.prefixes.insert(part.prefixes.end(), stage.begin(), stage.end());
    }
    return part;
}

void freeze_parameters(NetImpl& net, const FrozenPart& part)
{
    if (part.empty())
        return;
    for (auto& item : net.named_parameters())
        if (part.contains(item.key()))
            item.value().set_requires_grad(false);
}

void keep_frozen_norms_in_eval(NetImpl& net, const FrozenPart& part)
{
    if (part.empty())
        return;
    for (const auto& item : net.named_modules("", /*include_self=*/false))
        if (part.contains(item.key()) && item.value()->as<torch::nn::BatchNorm2d>())
            item.value()->eval();
}

} // namespace resdense
