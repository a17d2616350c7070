#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

namespace resdense {

// An ordered list of named tensors: a state dict as torch.save writes it.
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// What a torch.save file held, reduced to what the engine uses.
struct TorchFile {
    // Every dict in the file that holds tensors, keyed by its path of dict keys joined with
    // "/" ("" for the top level, "state_dict" for {"state_dict": {...}}), in file order.
    std::vector<std::pair<std::string, NamedTensors>> tensor_dicts;
    // String values of the top-level dict.
    std::vector<std::pair<std::string, std::string>> strings;

    const NamedTensors* dict(const std::string& path) const;
    std::string string(const std::string& key) const; // "" when absent
};

// Reads a file written by Python's torch.save (zip format, PyTorch >= 1.6) or by
// write_torch_file. Handles dicts and collections.OrderedDicts at any depth, which LibTorch
// 1.13's torch::pickle_load cannot ("Expected GenericDict but got None"). It runs no Python:
// only tensor rebuilds and OrderedDict are understood, anything else is refused. Throws
// resdense::Error naming the file and the problem.
TorchFile read_torch_file(const std::string& path);

// Writes a torch.load-readable file: the strings at the top level, and each tensor dict under
// its key ("" for a lone dict of tensors, which is then the whole file, as torch.save of a state
// dict). Goes to a temporary file renamed over path, so an existing file is never torn. Throws
// resdense::Error (disk full, unwritable folder).
void write_torch_file(const std::string& path, const TorchFile& contents);

} // namespace resdense
