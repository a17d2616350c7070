#include "resdense/model_spec.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "resdense/error.h"

namespace resdense {
namespace {

ModelSpec cifar_resnet(const std::string& name, int depth)
{
    ModelSpec s;
    s.preset = name;
    s.family = Family::CifarResNet;
    s.depth = depth;
    return s;
}

ModelSpec imagenet_resnet(const std::string& name, int depth)
{
    ModelSpec s;
    s.preset = name;
    s.family = Family::ResNet;
    s.stem = Stem::ImageNet;
    s.depth = depth;
    s.num_classes = 1000;
    return s;
}

ModelSpec small_densenet(const std::string& name, int depth, int growth, bool bc)
{
    ModelSpec s;
    s.preset = name;
    s.family = Family::DenseNet;
    s.depth = depth;
    s.growth_rate = growth;
    s.bottleneck = bc;
    s.compression = bc ? 0.5 : 1.0;
    return s;
}

ModelSpec imagenet_densenet(const std::string& name, int depth, int growth, int init,
                            std::vector<int> blocks)
{
    ModelSpec s = small_densenet(name, depth, growth, /*bc=*/true);
    s.stem = Stem::ImageNet;
    s.init_features = init;
    s.block_config = std::move(blocks);
    s.num_classes = 1000;
    return s;
}

const std::vector<ModelSpec>& presets()
{
    static const std::vector<ModelSpec> all = {
        cifar_resnet("resnet20", 20),
        cifar_resnet("resnet32", 32),
        cifar_resnet("resnet44", 44),
        cifar_resnet("resnet56", 56),
        cifar_resnet("resnet110", 110),
        cifar_resnet("resnet1202", 1202),
        cifar_resnet("cifar-resnet", 20),
        imagenet_resnet("resnet18", 18),
        imagenet_resnet("resnet34", 34),
        imagenet_resnet("resnet50", 50),
        imagenet_resnet("resnet101", 101),
        imagenet_resnet("resnet152", 152),
        small_densenet("densenet40", 40, 12, false),
        small_densenet("densenet100", 100, 12, false),
        small_densenet("densenet-bc-40", 40, 12, true), // the GUI's default DenseNet
        small_densenet("densenet-bc-100", 100, 12, true),
        small_densenet("densenet-bc-250", 250, 24, true),
        small_densenet("densenet-bc-190", 190, 40, true),
        small_densenet("densenet", 40, 12, false),
        small_densenet("densenet-bc", 100, 12, true),
        imagenet_densenet("densenet121", 121, 32, 64, {6, 12, 24, 16}),
        imagenet_densenet("densenet161", 161, 48, 96, {6, 12, 36, 24}),
        imagenet_densenet("densenet169", 169, 32, 64, {6, 12, 32, 32}),
        imagenet_densenet("densenet201", 201, 32, 64, {6, 12, 48, 32}),
    };
    return all;
}

std::string join(const std::vector<std::string>& items, const char* sep)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : sep) + item;
    return out;
}

std::string fmt(double v)
{
    std::ostringstream os;
    os << v;
    return os.str();
}

} // namespace

std::vector<std::string> model_names()
{
    std::vector<std::string> names;
    for (const auto& p : presets())
        names.push_back(p.preset);
    return names;
}

ModelSpec model_spec(const std::string& name)
{
    for (const auto& p : presets())
        if (p.preset == name)
            return p;
    throw Error("unknown model '" + name + "'; valid models: " + join(model_names(), ", "));
}

std::vector<int> dense_blocks(const ModelSpec& spec)
{
    if (!spec.block_config.empty())
        return spec.block_config;
    const int per_conv = spec.bottleneck ? 2 : 1; // a BC layer holds two convolutions
    const int n = (spec.depth - 4) / (3 * per_conv);
    return {n, n, n};
}

namespace {

Problem problem(std::string field, std::string code, std::string message,
                std::vector<std::string> args = {})
{
    return {std::move(field), std::move(code), std::move(message), std::move(args)};
}

std::optional<Problem> validate_dense(const ModelSpec& s)
{
    if (s.growth_rate < 1)
        return problem("growth_rate", "at_least_1",
                       "growth rate k must be at least 1; got " + std::to_string(s.growth_rate),
                       {std::to_string(s.growth_rate)});
    if (!(s.compression > 0.0 && s.compression <= 1.0))
        return problem("compression", "out_of_range",
                       "compression theta must be in (0, 1]; got " + fmt(s.compression),
                       {fmt(s.compression), "(0, 1]"});
    if (!(s.dropout >= 0.0 && s.dropout < 1.0))
        return problem("dropout", "out_of_range",
                       "dropout must be in [0, 1); got " + fmt(s.dropout), {fmt(s.dropout), "[0, 1)"});
    if (s.bottleneck && s.bn_size < 1)
        return problem("bn_size", "at_least_1",
                       "bottleneck width factor must be at least 1; got " +
                           std::to_string(s.bn_size),
                       {std::to_string(s.bn_size)});
    if (s.init_features < 0)
        return problem("init_features", "not_negative",
                       "initial features must be positive; got " + std::to_string(s.init_features),
                       {std::to_string(s.init_features)});
    if (s.block_config.empty()) {
        const int step = s.bottleneck ? 6 : 3;
        if (s.depth < 4 + step || (s.depth - 4) % step != 0)
            return problem("depth", s.bottleneck ? "depth_6n_plus_4" : "depth_3n_plus_4",
                           std::string("DenseNet") + (s.bottleneck ? "-BC" : "") +
                               " depth L must be " + std::to_string(step) + "n+4 with n >= 1 (" +
                               (s.bottleneck ? "40, 100, 190, 250, ..." : "40, 100, ...") +
                               "); got " + std::to_string(s.depth),
                           {std::to_string(s.depth)});
    } else if (std::any_of(s.block_config.begin(), s.block_config.end(),
                           [](int n) { return n < 1; })) {
        return problem("block_config", "empty_block", "every dense block needs at least one layer");
    }
    return std::nullopt;
}

} // namespace

std::optional<Problem> validate(const ModelSpec& s)
{
    if (s.in_channels < 1)
        return problem("in_channels", "at_least_1",
                       "input channels must be at least 1 (got " + std::to_string(s.in_channels) +
                           ")",
                       {std::to_string(s.in_channels)});
    if (s.num_classes < 1)
        return problem("num_classes", "at_least_1",
                       "the number of classes must be at least 1 (got " +
                           std::to_string(s.num_classes) + ")",
                       {std::to_string(s.num_classes)});
    switch (s.family) {
    case Family::CifarResNet:
        if (s.depth < 8 || (s.depth - 2) % 6 != 0)
            return problem("depth", "depth_6n_plus_2",
                           "CIFAR ResNet depth must be 6n+2 with n >= 1 (20, 32, 44, 56, 110, "
                           "...); got " +
                               std::to_string(s.depth),
                           {std::to_string(s.depth)});
        if (!(s.width > 0.0) || s.width > 64.0)
            return problem("width", "out_of_range",
                           "CIFAR ResNet width multiplier must be in (0, 64]; got " + fmt(s.width),
                           {fmt(s.width), "(0, 64]"});
        if (s.shortcut != 'A' && s.shortcut != 'B')
            return problem("shortcut", "unknown_shortcut",
                           std::string("shortcut must be A (zero-padding identity) or B (1x1 "
                                       "projection); got '") +
                               s.shortcut + "'",
                           {std::string(1, s.shortcut)});
        return std::nullopt;
    case Family::ResNet:
        if (s.depth != 18 && s.depth != 34 && s.depth != 50 && s.depth != 101 && s.depth != 152)
            return problem("depth", "imagenet_resnet_depth",
                           "ImageNet-style ResNet depth must be 18, 34, 50, 101 or 152; got " +
                               std::to_string(s.depth),
                           {std::to_string(s.depth)});
        return std::nullopt;
    case Family::DenseNet: return validate_dense(s);
    }
    return problem("family", "unknown_family", "unknown model family");
}

std::string family_name(Family family)
{
    switch (family) {
    case Family::CifarResNet: return "cifar-resnet";
    case Family::ResNet: return "resnet";
    case Family::DenseNet: return "densenet";
    }
    return "?";
}

std::string describe(const ModelSpec& s)
{
    std::ostringstream os;
    switch (s.family) {
    case Family::CifarResNet:
        os << "CIFAR ResNet-" << s.depth << " (option " << s.shortcut << " shortcuts";
        if (s.width != 1.0)
            os << ", width x" << s.width;
        os << ")";
        break;
    case Family::ResNet:
        os << "ResNet-" << s.depth << " (" << (s.depth >= 50 ? "bottleneck" : "basic")
           << " blocks, " << (s.stem == Stem::Small ? "small-image" : "ImageNet") << " stem)";
        break;
    case Family::DenseNet:
        os << "DenseNet" << (s.bottleneck ? "-BC" : "") << " (L=" << s.depth
           << ", k=" << s.growth_rate;
        if (s.compression != 1.0)
            os << ", theta=" << s.compression;
        if (s.dropout > 0.0)
            os << ", dropout=" << s.dropout;
        os << ", " << (s.stem == Stem::Small ? "small-image" : "ImageNet") << " stem)";
        break;
    }
    return os.str();
}

std::string to_json(const ModelSpec& s)
{
    nlohmann::json j = {
        {"preset", s.preset},
        {"family", family_name(s.family)},
        {"stem", s.stem == Stem::Small ? "small" : "imagenet"},
        {"depth", s.depth},
        {"in_channels", s.in_channels},
        {"num_classes", s.num_classes},
        {"width", s.width},
        {"shortcut", std::string(1, s.shortcut)},
        {"growth_rate", s.growth_rate},
        {"bottleneck", s.bottleneck},
        {"bn_size", s.bn_size},
        {"compression", s.compression},
        {"dropout", s.dropout},
        {"init_features", s.init_features},
        {"block_config", s.block_config},
        {"channels_last", s.channels_last},
        {"memory_efficient", s.memory_efficient},
    };
    return j.dump();
}

ModelSpec spec_from_json(const std::string& text)
{
    try {
        const auto j = nlohmann::json::parse(text);
        ModelSpec s;
        s.preset = j.at("preset").get<std::string>();
        const auto family = j.at("family").get<std::string>();
        if (family == "cifar-resnet")
            s.family = Family::CifarResNet;
        else if (family == "resnet")
            s.family = Family::ResNet;
        else if (family == "densenet")
            s.family = Family::DenseNet;
        else
            throw Error("unknown model family '" + family + "'");
        s.stem = j.at("stem").get<std::string>() == "small" ? Stem::Small : Stem::ImageNet;
        s.depth = j.at("depth").get<int>();
        s.in_channels = j.at("in_channels").get<int>();
        s.num_classes = j.at("num_classes").get<int>();
        s.width = j.at("width").get<double>();
        const auto shortcut = j.at("shortcut").get<std::string>();
        s.shortcut = shortcut.empty() ? 'A' : shortcut[0];
        s.growth_rate = j.at("growth_rate").get<int>();
        s.bottleneck = j.at("bottleneck").get<bool>();
        s.bn_size = j.at("bn_size").get<int>();
        s.compression = j.at("compression").get<double>();
        s.dropout = j.at("dropout").get<double>();
        s.init_features = j.at("init_features").get<int>();
        s.block_config = j.at("block_config").get<std::vector<int>>();
        s.channels_last = j.value("channels_last", false);
        s.memory_efficient = j.value("memory_efficient", false);
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model description is not valid: ") + e.what());
    }
}

} // namespace resdense
