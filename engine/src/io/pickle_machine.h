#pragma once

// The torch-free half of the weights reader: a pickle machine for the subset torch.save emits,
// which turns a data.pkl into the dicts of tensor references it holds. Nothing here allocates
// tensor data or touches the zip archive, so tests/fuzz builds it with clang alone
// (fuzz_torch_pickle). io/torch_pickle.cpp materialises the references from the archive.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace resdense {

// A tensor rebuild (torch._utils._rebuild_tensor_v2) as the pickle states it. The geometry has
// been checked: sizes and strides are non-negative, every element the view touches lies inside
// the storage's storage_numel elements (overflow-checked), and numel is the product of size.
struct PickledTensor {
    std::string storage_key;  // the archive record is data/<storage_key>
    std::string storage_type; // "FloatStorage", "HalfStorage", ... (one of pickle_storage_types)
    std::int64_t storage_numel = 0;
    std::int64_t offset = 0;
    std::vector<std::int64_t> size, stride;
    std::int64_t numel = 0;
    // The rebuild's number in the pickle: one tensor under two names (tied weights, a memo
    // reference) has one id and is materialised once.
    std::size_t id = 0;

    bool operator==(const PickledTensor&) const = default;
};

using PickledTensors = std::vector<std::pair<std::string, PickledTensor>>;

// What a data.pkl held, reduced to what the engine uses (see TorchFile).
struct PickledStateFile {
    // Every dict holding tensors, keyed by its path of dict keys joined with "/", in file order.
    std::vector<std::pair<std::string, PickledTensors>> tensor_dicts;
    // String values of the top-level dict.
    std::vector<std::pair<std::string, std::string>> strings;
};

// What a hostile pickle may cost. The defaults are far above any real state dict (a
// ResNet-50 state dict is about 5,000 objects, 1,500 memo entries, nesting depth 6).
struct PickleLimits {
    std::size_t max_depth = 1000;            // containers nested in containers
    std::size_t max_objects = 2'000'000;     // values created (about 90 bytes each)
    std::size_t max_memo = 1'000'000;        // memo entries
    std::int64_t max_expanded = 1ll << 22;   // elements one view may have beyond its storage's
    std::int64_t expanded_slack = 1ll << 24; // elements all views together may have beyond
                                             // twice the elements of the storages they view
};

// The storage classes the machine accepts, e.g. "FloatStorage" (module torch).
const std::vector<std::string>& pickle_storage_types();

// s cut to 80 characters with control characters replaced, for a one-line message.
std::string printable(std::string_view s);

// Runs the machine over a data.pkl. Only dicts, collections.OrderedDict, tensor and parameter
// rebuilds, storages and plain values are understood; anything else (a pickled Python object)
// is refused. A root that is not a dict is refused. Values live in one arena and refer to each
// other by index: nothing recurses over them, and cycles built through the memo are harmless. Dicts
// are walked to depth 16, each at most once, so a dict that holds itself costs nothing. Throws
// resdense::Error
// "<path>: not a readable PyTorch weights file: <what>" (or "<path>: holds no dict of tensors").
PickledStateFile parse_state_pickle(std::string_view pickle, const std::string& path,
                                    const PickleLimits& limits = {});

} // namespace resdense
