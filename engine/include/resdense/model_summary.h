#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "resdense/model_spec.h"

namespace resdense {

struct LayerRow {
    std::string name;                 // qualified module name, e.g. "layer1.0.conv1"
    std::string type;                 // "Conv2d", "BatchNorm2d", "Linear", "MaxPool2d", ...
    std::vector<std::int64_t> output; // output shape for one image, batch dimension dropped
    std::int64_t params = 0;          // parameters owned directly by this layer
    std::int64_t macs = 0;            // multiply-accumulates for one image
};

struct ModelSummary {
    ModelSpec spec;
    int image_size = 32;
    std::int64_t total_params = 0;
    std::int64_t trainable_params = 0;
    std::int64_t macs = 0; // convolutions and linear layers, one image
    // Bytes of layer outputs for one image in fp32: what training keeps for the backward pass
    // (an estimate: in-place ReLUs and DenseNet concatenations are not counted).
    std::int64_t activation_bytes = 0;
    std::int64_t param_bytes = 0;
    std::vector<LayerRow> layers; // in execution order
};

// Parameter count without running the model. Throws resdense::Error on an invalid spec.
std::int64_t count_parameters(const ModelSpec& spec);

// Builds the model and runs one image of image_size x image_size through it to fill the table.
// Throws resdense::Error on an invalid spec or an image too small for the architecture.
ModelSummary summarize(const ModelSpec& spec, int image_size);

} // namespace resdense
