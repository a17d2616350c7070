#pragma once

#include <string>
#include <vector>

#include "io/torch_pickle.h"
#include "models/net.h"
#include "resdense/model_spec.h"
#include "resdense/pretrained.h"

namespace resdense {

// The weights of a file a training run starts from.
struct PretrainedTensors {
    NamedTensors tensors; // torchvision names (old DenseNet names renamed), no "module." prefix
    std::string arch;     // what the file holds, for messages ("resnet18", "a ResNet-20 ...")
};

// Reads a ResDense checkpoint's model or a torch.save state dict. Throws resdense::Error
// (truncated or corrupt files, TorchScript, whole pickled models: as read_torch_file).
PretrainedTensors read_pretrained(const std::string& path);

// What the file's architecture looks like, from its keys and shapes: "resnet18" ...
// "densenet201" for torchvision's, a description otherwise, "" when it cannot be told.
std::string guess_architecture(const NamedTensors& state);

// Copies the file's weights into net (built from spec, already fitted to the data) or nothing at
// all. The classifier stays as built (torchvision's fresh-head initialisation) when the file's
// class count differs; RGB stem weights are summed over their input channels for a 1-channel
// model (the same as replicating a gray image to RGB). Returns those changes as report lines.
// Throws resdense::Error naming both architectures and the first mismatching key.
std::vector<std::string> apply_pretrained(NetImpl& net, const ModelSpec& spec,
                                          const PretrainedTensors& file, const std::string& path,
                                          const std::string& who);

} // namespace resdense
