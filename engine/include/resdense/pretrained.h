#pragma once

#include <string>
#include <vector>

#include "resdense/model_spec.h"

namespace resdense {

// Where a slot's training starts from: its seeded initialisation (source empty), the ImageNet
// weights torchvision keeps in the torch hub cache ("imagenet"), or a file: a torch.save state
// dict (torchvision layout, both DenseNet key layouts) or a ResDense checkpoint of the same
// architecture. Stored in config.json, so every run says what it started from.
struct PretrainedWeights {
    std::string source; // "", "imagenet" or a file path as given
    std::string path;   // the file it resolved to; filled in when training starts
    std::string sha256; // of that file, lower-case hex; filled in when training starts
    bool operator==(const PretrainedWeights&) const = default;
    bool empty() const { return source.empty() && path.empty(); }
};

// The folder where torchvision keeps downloaded weights, as torch.hub computes it:
// $TORCH_HOME/hub/checkpoints, TORCH_HOME defaulting to $XDG_CACHE_HOME/torch, then
// ~/.cache/torch.
std::string torch_hub_checkpoints_dir();

// torchvision's name for the architecture spec builds ("resnet18" ... "resnet152",
// "densenet121" ... "densenet201"), or "" when torchvision publishes no ImageNet weights for it
// (CIFAR ResNets, small-image DenseNets, changed hyperparameters).
std::string torchvision_arch(const ModelSpec& spec);

// The weights file `source` names for a model built from spec: source itself when it is a file,
// or for "imagenet" the torch hub cache's <arch>-<hash>.pth (torchvision's published file names
// first). Nothing is ever downloaded. Throws resdense::Error: a missing file, or for "imagenet"
// an architecture without published weights, or a cache without the file (naming the folder
// searched and the Python one-liner that fills it).
std::string resolve_pretrained(const std::string& source, const ModelSpec& spec);

// SHA-256 of a file's bytes, lower-case hex. Throws resdense::Error when it cannot be read.
std::string sha256_file(const std::string& path);
// SHA-256 of bytes, lower-case hex.
std::string sha256_hex(const std::string& bytes);

// Resolves weights.source (or weights.path, when a run recorded one) for a model built from
// spec and hashes the file. A recorded sha256 must match: a file changed since a run recorded it
// is refused. Throws resdense::Error.
PretrainedWeights pin_pretrained(const PretrainedWeights& weights, const ModelSpec& spec);

// Whether the weights in the file fit a model built from spec, as training start would apply
// them; returns what they would change ("fc: 1000 → 10 classes, new", "conv1: RGB weights summed
// to 1 channel"). Throws resdense::Error naming both architectures and the first mismatching key.
// `who` names the model in messages ("model a (resnet34)").
std::vector<std::string> check_pretrained(const std::string& path, const ModelSpec& spec,
                                          const std::string& who);

} // namespace resdense
