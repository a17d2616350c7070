#pragma once

#include <string>
#include <vector>

#include "resdense/model_spec.h"

namespace resdense {

// What a weights file holds, as far as a caller needs to know before loading it.
struct WeightsInfo {
    std::string path;
    bool is_checkpoint =
        false;      // a ResDense checkpoint (carries its ModelSpec) or a bare state dict
    ModelSpec spec; // valid only when is_checkpoint
    std::size_t tensors = 0;
    std::int64_t elements = 0;
};

// Reads a file written by Python's torch.save (a dict or OrderedDict of tensors, optionally
// under "state_dict" or "model") or a ResDense checkpoint. Throws resdense::Error naming the
// file and the problem.
WeightsInfo inspect_weights(const std::string& path);

// Loads a torchvision state dict into a fresh model built from spec and writes a ResDense
// checkpoint to out_path (temporary file, then rename). With adapt_io, the number of classes
// and input channels are taken from the file's classifier and first convolution, so
// resnet18(num_classes=10) weights import under the plain "resnet18" preset. Nothing is written
// when the keys or shapes do not match; the error names the missing, unexpected and mis-shaped
// keys. Returns the spec of the imported model.
ModelSpec import_torchvision(ModelSpec spec, const std::string& weights_path,
                             const std::string& out_path, bool adapt_io = true);

// Writes the weights of a ResDense checkpoint as a plain state dict that
// torchvision's model.load_state_dict(torch.load(path)) accepts with strict=True.
void export_torchvision(const std::string& checkpoint_path, const std::string& out_path);

} // namespace resdense
