#pragma once

#include <string>
#include <vector>

#include "models/net.h"

namespace resdense {

// How much of a (pretrained) model a slot trains, SlotConfig::freeze:
//   "none"       every parameter;
//   "backbone"   only the classifier (`fc` in ResNets, `classifier` in DenseNets);
//   "stages:K"   all but the stem and the first K stages (ResNet `layer1`..`layerK`, DenseNet
//                `denseblock1`..`denseblockK` with their transitions).
// Frozen parameters get no gradient (requires_grad false, so backward stops at the first trained
// layer) and the frozen layers' batch norms stay in eval mode: their running statistics are
// neither used nor updated by training batches, as in torchvision fine-tuning recipes.
struct FrozenPart {
    std::vector<std::string> prefixes; // module paths; empty: nothing frozen

    bool empty() const { return prefixes.empty(); }
    bool contains(const std::string& name) const; // a parameter or module path
};

// The part of `net` that `freeze` names. Throws resdense::Error for an unknown form, or a K
// beyond the model's stages.
FrozenPart frozen_part(const NetImpl& net, const std::string& freeze);

// Whether a parameter belongs to the classifier.
bool is_head_parameter(const std::string& name);

// Switches off the gradients of the part's parameters.
void freeze_parameters(NetImpl& net, const FrozenPart& part);

// After net.train(): the part's batch norms back to eval mode.
void keep_frozen_norms_in_eval(NetImpl& net, const FrozenPart& part);

} // namespace resdense
