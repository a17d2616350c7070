#pragma once

#include <memory>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "resdense/model_spec.h"

namespace resdense {

// The common face of every classifier the engine builds: images in, logits out.
class NetImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(torch::Tensor x) = 0;
};

using Net = std::shared_ptr<NetImpl>;

// Builds a freshly initialised model. Throws resdense::Error when validate(spec) fails.
Net make_model(const ModelSpec& spec);

// Moves every 4-D parameter and buffer of module to the channels-last memory format.
void to_channels_last(torch::nn::Module& module);

} // namespace resdense
