#include "resdense/weights.h"

#include "io/checkpoint.h"
#include "io/state_dict.h"
#include "resdense/error.h"

namespace resdense {

WeightsInfo inspect_weights(const std::string& path)
{
    TorchFile file = read_torch_file(path);
    WeightsInfo info;
    info.path = path;
    NamedTensors tensors;
    if (is_checkpoint(file)) {
        Checkpoint ckpt = read_checkpoint(path);
        info.is_checkpoint = true;
        info.spec = ckpt.spec;
        tensors = std::move(ckpt.model);
    } else {
        tensors = pick_state_dict(file, path);
    }
    info.tensors = tensors.size();
    for (const auto& [name, t] : tensors)
        info.elements += t.numel();
    return info;
}

namespace {

// Sets num_classes and in_channels from the classifier and first convolution in state.
void adapt_to(ModelSpec& spec, const NamedTensors& state)
{
    const char* classifier = spec.family == Family::DenseNet ? "classifier.weight" : "fc.weight";
    const char* stem = spec.family == Family::DenseNet ? "features.conv0.weight" : "conv1.weight";
    for (const auto& [name, t] : state) {
        if (name == classifier && t.dim() == 2)
            spec.num_classes = static_cast<int>(t.size(0));
        if (name == stem && t.dim() == 4)
            spec.in_channels = static_cast<int>(t.size(1));
    }
}

} // namespace

ModelSpec import_torchvision(ModelSpec spec, const std::string& weights_path,
                             const std::string& out_path, bool adapt_io)
{
    TorchFile file = read_torch_file(weights_path);
    if (is_checkpoint(file))
        throw Error(weights_path + ": already a ResDense checkpoint; nothing to import");
    NamedTensors state = pick_state_dict(file, weights_path);
    if (adapt_io)
        adapt_to(spec, state);
    Net net = make_model(spec);
    load_state_dict(*net, state, weights_path);
    write_checkpoint(out_path, spec, *net);
    return spec;
}

void export_torchvision(const std::string& checkpoint_path, const std::string& out_path)
{
    Net net = load_model(checkpoint_path); // proves the weights fit the described model
    TorchFile file;
    file.tensor_dicts.emplace_back("", state_dict(*net));
    write_torch_file(out_path, file);
}

} // namespace resdense
