#pragma once

#include <string>

#include "io/torch_pickle.h"
#include "models/net.h"
#include "resdense/model_spec.h"

namespace resdense {

// A ResDense checkpoint is a torch.save-compatible dict:
//   {"format": "resdense-checkpoint", "format_version": "1", "spec": <ModelSpec JSON>,
//    "model": {state dict}}
// so Python can open it too (torch.load(path)["model"]).
inline constexpr const char* kCheckpointFormat = "resdense-checkpoint";

struct Checkpoint {
    ModelSpec spec;
    NamedTensors model;
    TorchFile file; // everything else the file holds (training state, class names, ...)
};

// What a trainer adds to a checkpoint beyond the model: top-level strings (JSON documents) and
// tensors kept under "extra" (optimizer state, RNG state).
struct CheckpointExtras {
    std::vector<std::pair<std::string, std::string>> strings;
    NamedTensors tensors;
};

// Is this file a ResDense checkpoint (rather than a bare state dict)?
bool is_checkpoint(const TorchFile& file);

// Throws resdense::Error when the file is not a ResDense checkpoint.
Checkpoint read_checkpoint(const std::string& path);
// The same for a file already read (path names it in messages).
Checkpoint read_checkpoint(TorchFile file, const std::string& path);

// Atomic: a temporary file renamed over path.
void write_checkpoint(const std::string& path, const ModelSpec& spec,
                      const torch::nn::Module& model, const CheckpointExtras& extras = {});

// Builds the model the checkpoint describes and loads its weights.
Net load_model(const std::string& path);

// The tensors of a torchvision-style file: the top-level dict, or the one under "state_dict" /
// "model", without a DataParallel "module." prefix, DenseNet layers under today's names (see
// rename_old_densenet_keys). Throws resdense::Error when ambiguous.
NamedTensors pick_state_dict(const TorchFile& file, const std::string& path);

// Renames torchvision's old DenseNet keys ("features.denseblock1.denselayer1.norm.1.weight",
// "conv.2.weight": its published ImageNet files) to today's ("norm1.weight", "conv2.weight"), as
// torchvision's own loader does; other keys stay as they are.
void rename_old_densenet_keys(NamedTensors& state);

} // namespace resdense
