#pragma once

#include <optional>
#include <string>
#include <vector>

#include "resdense/problem.h"

namespace resdense {

enum class Family {
    CifarResNet, // He et al. 2016, section 4.2: 6n+2 layers, widths 16-32-64
    ResNet,      // ImageNet-style ResNet 18..152, torchvision layout and names
    DenseNet,    // Huang et al. 2017: small-image (3 blocks) or ImageNet-style (4 blocks)
};

enum class Stem {
    ImageNet, // 7x7 stride-2 conv, batch norm, 3x3 stride-2 max-pool
    Small,    // 3x3 stride-1 conv, no pooling: for 28-32 px inputs
};

// Everything needed to build one model. A plain value: copy it, compare it, store it as JSON.
// Fields that do not apply to a family are ignored by it.
struct ModelSpec {
    std::string preset; // the name it was made from ("resnet20", "densenet121", "cifar-resnet")
    Family family = Family::CifarResNet;
    Stem stem = Stem::Small;
    int depth = 20;
    int in_channels = 3;
    int num_classes = 10;

    // CIFAR ResNet
    double width = 1.0;  // multiplier on the stage widths 16-32-64
    char shortcut = 'A'; // 'A' zero-padding identity, 'B' 1x1 projection when the shape changes

    // DenseNet
    int growth_rate = 12;
    bool bottleneck = false;       // BC: a 1x1 conv to bn_size * growth_rate before each 3x3 conv
    int bn_size = 4;               //
    double compression = 1.0;      // theta in (0, 1]: transition layers keep floor(theta * c)
    double dropout = 0.0;          // after each dense layer, in [0, 1)
    int init_features = 0;         // 0: 2k for BC, 16 otherwise (small); 64 for ImageNet presets
    std::vector<int> block_config; // empty: derived from depth (small images, 3 blocks)

    bool channels_last = false; // keep 4-D weights in NHWC; feed NHWC inputs too
    // DenseNet: recompute each layer's concatenation, norm and first convolution in the backward
    // pass instead of keeping them (torchvision's memory_efficient): less memory, more time.
    bool memory_efficient = false;

    bool operator==(const ModelSpec&) const = default;
};

// The names accepted by model_spec(): presets and family names, in display order.
std::vector<std::string> model_names();

// A spec for a preset or family name ("resnet20", "densenet-bc-100", "cifar-resnet", ...).
// Throws resdense::Error listing the valid names when the name is unknown.
ModelSpec model_spec(const std::string& name);

// Why the spec cannot be built (the field, the rule and the value), or nullopt when it is valid.
std::optional<Problem> validate(const ModelSpec& spec);

// The dense blocks' layer counts the spec builds (derived from depth when not given).
std::vector<int> dense_blocks(const ModelSpec& spec);

std::string family_name(Family family);

// One line describing the architecture, e.g. "DenseNet-BC (L=100, k=12, theta=0.5)".
std::string describe(const ModelSpec& spec);

// JSON text round trip, used in checkpoints and run folders. from_json throws resdense::Error.
std::string to_json(const ModelSpec& spec);
ModelSpec spec_from_json(const std::string& json);

} // namespace resdense
