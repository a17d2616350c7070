#include "cli/model_options.h"

#include <cctype>

#include "resdense/error.h"

namespace resdense::cli {

void ModelOptions::add_to(CLI::App& cmd, bool name_flag)
{
    if (name_flag)
        cmd.add_option("-m,--model", model,
                       "Model preset or family (resnet20, densenet-bc-100, ...)")
            ->required();
    cmd.add_option("--in-channels", in_channels, "Input channels (1 for gray, 3 for RGB)");
    cmd.add_option("--classes", classes, "Number of classes");
    cmd.add_option("--depth", depth, "Depth: 6n+2 for CIFAR ResNet, 3n+4 / 6n+4 for DenseNet(-BC)");
    cmd.add_option("--width", width, "CIFAR ResNet width multiplier on 16-32-64");
    cmd.add_option("--shortcut", shortcut,
                   "CIFAR ResNet shortcut: A (zero-padding) or B (projection)");
    cmd.add_option("--growth", growth, "DenseNet growth rate k");
    cmd.add_option("--bottleneck", bottleneck, "DenseNet bottleneck layers (BC): true or false");
    cmd.add_option("--bn-size", bn_size, "DenseNet bottleneck width, in multiples of k");
    cmd.add_option("--compression", compression, "DenseNet transition compression theta in (0, 1]");
    cmd.add_option("--dropout", dropout, "DenseNet dropout rate in [0, 1)");
    cmd.add_option("--init-features", init_features, "DenseNet channels of the first convolution");
    cmd.add_option("--stem", stem, "small (3x3, for 28-32 px) or imagenet (7x7 + max-pool)")
        ->check(CLI::IsMember({"small", "imagenet"}));
    cmd.add_flag("--channels-last", channels_last, "Keep weights and inputs in NHWC memory format");
    cmd.add_flag("--memory-efficient", memory_efficient,
                 "DenseNet: recompute concatenations in the backward pass (less memory, slower)");
}

ModelSpec ModelOptions::spec(const std::string& name) const
{
    ModelSpec s = model_spec(name);
    if (in_channels)
        s.in_channels = *in_channels;
    if (classes)
        s.num_classes = *classes;
    if (depth)
        s.depth = *depth;
    if (width)
        s.width = *width;
    if (shortcut) {
        if (shortcut->size() != 1)
            throw Error("shortcut must be A or B; got '" + *shortcut + "'");
        s.shortcut = static_cast<char>(std::toupper(static_cast<unsigned char>((*shortcut)[0])));
    }
    if (growth)
        s.growth_rate = *growth;
    if (bottleneck)
        s.bottleneck = *bottleneck;
    if (bn_size)
        s.bn_size = *bn_size;
    if (compression)
        s.compression = *compression;
    if (dropout)
        s.dropout = *dropout;
    if (init_features)
        s.init_features = *init_features;
    if (stem)
        s.stem = *stem == "small" ? Stem::Small : Stem::ImageNet;
    s.channels_last = channels_last;
    s.memory_efficient = memory_efficient;
    if (auto problem = validate(s))
        throw Error(name + ": " + problem->message);
    return s;
}

ModelSpec parse_model_arg(const std::string& text)
{
    const auto colon = text.find(':');
    ModelOptions o;
    o.model = text.substr(0, colon);
    std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string item = rest.substr(0, comma);
        rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            throw Error("model '" + text + "': '" + item + "' is not key=value");
        const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
        try {
            if (key == "depth")
                o.depth = std::stoi(value);
            else if (key == "width")
                o.width = std::stod(value);
            else if (key == "shortcut")
                o.shortcut = value;
            else if (key == "growth")
                o.growth = std::stoi(value);
            else if (key == "bottleneck")
                o.bottleneck = value == "true" || value == "1";
            else if (key == "bn-size")
                o.bn_size = std::stoi(value);
            else if (key == "compression")
                o.compression = std::stod(value);
            else if (key == "dropout")
                o.dropout = std::stod(value);
            else if (key == "init-features")
                o.init_features = std::stoi(value);
            else if (key == "stem")
                o.stem = value;
            else if (key == "memory-efficient")
                o.memory_efficient = value == "true" || value == "1";
            else
                throw Error(
                    "model '" + text + "': unknown key '" + key +
                    "' (depth, width, shortcut, growth, bottleneck, bn-size, compression, dropout, "
                    "init-features, stem, memory-efficient)");
        } catch (const std::logic_error&) {
            throw Error("model '" + text + "': '" + value + "' is not a valid " + key);
        }
    }
    if (o.stem && *o.stem != "small" && *o.stem != "imagenet")
        throw Error("model '" + text + "': stem must be small or imagenet");
    ModelSpec spec = o.spec();
    return spec;
}

} // namespace resdense::cli
