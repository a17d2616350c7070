#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "resdense/model_spec.h"

namespace resdense {

// The common face of every classifier the engine builds: images in, logits out.
class NetImpl : public torch::nn::Module {
public:
    // head()(features(x)): the logits.
    torch::Tensor forward(torch::Tensor x) { return classify(features(x)); }
    // The pooled features the classifier reads, B x F.
    virtual torch::Tensor features(torch::Tensor x) = 0;
    // The classifier (`fc` or `classifier`) on features.
    virtual torch::Tensor classify(const torch::Tensor& features) = 0;

    // Grad-CAM's target layer, B x C x H x W: the last stage's output for ResNets (torchvision's
    // `layer4`), the final norm before its ReLU for DenseNets (`features.norm5`).
    virtual torch::Tensor cam_layer(torch::Tensor x) = 0;
    // The logits from the target layer: everything after it (pooling, and ReLU for DenseNets).
    virtual torch::Tensor logits_from_cam_layer(const torch::Tensor& activation) = 0;
};

using Net = std::shared_ptr<NetImpl>;

// Builds a freshly initialised model: from `seed` when given (the same weights whatever other
// threads do), else from the global generator's current state. Throws resdense::Error when
// validate(spec) fails.
Net make_model(const ModelSpec& spec, std::optional<std::uint64_t> seed = std::nullopt);

// Moves every 4-D parameter and buffer of module to the channels-last memory format.
void to_channels_last(torch::nn::Module& module);

} // namespace resdense
