#include "io/checkpoint.h"

#include <regex>

#include "io/state_dict.h"
#include "resdense/build_info.h"
#include "resdense/error.h"

namespace resdense {

bool is_checkpoint(const TorchFile& file)
{
    return file.string("format") == kCheckpointFormat;
}

Checkpoint read_checkpoint(const std::string& path)
{
    return read_checkpoint(read_torch_file(path), path);
}

Checkpoint read_checkpoint(TorchFile file, const std::string& path)
{
    if (!is_checkpoint(file))
        throw Error(path + ": not a ResDense checkpoint (for torchvision weights use "
                           "import-torchvision first)");
    if (file.string("format_version") != "1")
        throw Error(path + ": checkpoint format version '" + file.string("format_version") +
                    "' is newer than this program understands");
    const NamedTensors* model = file.dict("model");
    if (!model)
        throw Error(path + ": the checkpoint holds no model weights");
    Checkpoint ckpt;
    try {
        ckpt.spec = spec_from_json(file.string("spec"));
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
    ckpt.model = *model;
    ckpt.file = std::move(file);
    return ckpt;
}

void write_checkpoint(const std::string& path, const ModelSpec& spec,
                      const torch::nn::Module& model, const CheckpointExtras& extras)
{
    TorchFile file;
    file.strings = {{"format", kCheckpointFormat},
                    {"format_version", "1"},
                    {"engine_version", version()},
                    {"spec", to_json(spec)}};
    file.strings.insert(file.strings.end(), extras.strings.begin(), extras.strings.end());
    file.tensor_dicts.emplace_back("model", state_dict(model));
    if (!extras.tensors.empty())
        file.tensor_dicts.emplace_back("extra", extras.tensors);
    write_torch_file(path, file);
}

Net load_model(const std::string& path)
{
    Checkpoint ckpt = read_checkpoint(path);
    Net net = make_model(ckpt.spec);
    load_state_dict(*net, ckpt.model, path);
    return net;
}

NamedTensors pick_state_dict(const TorchFile& file, const std::string& path)
{
    const NamedTensors* chosen = nullptr;
    for (const char* key : {"", "state_dict", "model", "model_state_dict"})
        if ((chosen = file.dict(key)))
            break;
    if (!chosen && file.tensor_dicts.size() == 1)
        chosen = &file.tensor_dicts.front().second;
    if (!chosen) {
        if (file.tensor_dicts.empty())
            throw Error(path + ": holds no tensors");
        std::string where;
        for (const auto& [p, t] : file.tensor_dicts)
            where += (where.empty() ? "" : ", ") + p;
        throw Error(path + ": holds several dicts of tensors (" + where +
                    "); save the model's state_dict() alone");
    }
    NamedTensors out = *chosen;
    const std::string prefix = "module.";
    bool all_prefixed = !out.empty();
    for (const auto& [name, t] : out)
        all_prefixed = all_prefixed && name.starts_with(prefix);
    if (all_prefixed)
        for (auto& [name, t] : out)
            name = name.substr(prefix.size());
    rename_old_densenet_keys(out);
    return out;
}

void rename_old_densenet_keys(NamedTensors& state)
{
    // torchvision/models/densenet.py, _load_state_dict: the published DenseNet files predate the
    // ban on '.' in module names and hold "denselayerN.norm.1.weight", "conv.2.weight", ...
    static const std::regex old_name(
        R"(^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$)");
    std::smatch m;
    for (auto& [name, t] : state)
        if (name.find("denselayer") != std::string::npos && std::regex_match(name, m, old_name))
            name = m[1].str() + m[2].str();
}

} // namespace resdense
