#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "resdense/model_spec.h"

namespace resdense::cli {

// The model flags shared by every command that builds a model: a preset name plus optional
// overrides of its hyperparameters.
struct ModelOptions {
    std::string model;
    std::optional<int> in_channels, classes, depth, growth, bn_size, init_features;
    std::optional<double> width, compression, dropout;
    std::optional<std::string> shortcut, stem;
    std::optional<bool> bottleneck;
    bool channels_last = false;
    bool memory_efficient = false;

    // Adds the flags to cmd; with name_flag, --model NAME is added too (required).
    void add_to(CLI::App& cmd, bool name_flag = true);

    // The preset (model, or the name given) with overrides applied; throws resdense::Error on
    // an unknown name or a value that validate() refuses.
    ModelSpec spec() const { return spec(model); }
    ModelSpec spec(const std::string& name) const;
    // Whether the user fixed the number of classes or input channels.
    bool io_given() const { return in_channels || classes; }
};

// A model written as NAME or NAME:key=value,... (keys: depth, width, shortcut, growth,
// bottleneck, bn-size, compression, dropout, init-features, stem), e.g.
// "densenet-bc:depth=40,growth=12". Throws resdense::Error naming a bad key or value.
ModelSpec parse_model_arg(const std::string& text);

} // namespace resdense::cli
