// Starting a model from pretrained weights: the torch hub cache, the file's SHA-256, what the file
// holds, and fitting its weights to a model whose classes or input channels differ.
#include "io/pretrained.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <openssl/evp.h>
#include <pwd.h>
#include <unistd.h>

#include "io/checkpoint.h"
#include "io/state_dict.h"
#include "resdense/error.h"

namespace resdense {
namespace {

namespace fs = std::filesystem;

std::string env(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::string home_dir()
{
    std::string home = env("HOME");
    if (home.empty())
        if (const passwd* pw = ::getpwuid(::getuid()))
            home = pw->pw_dir ? pw->pw_dir : "";
    return home;
}

// os.path.expanduser for "~" and "~/...".
std::string expand_user(const std::string& path)
{
    if (path == "~" || path.starts_with("~/"))
        return home_dir() + path.substr(1);
    return path;
}

// torchvision's published ImageNet files, the one `weights='DEFAULT'` downloads first.
const std::map<std::string, std::vector<std::string>>& published_files()
{
    static const std::map<std::string, std::vector<std::string>> files = {
        {"resnet18", {"resnet18-f37072fd.pth"}},
        {"resnet34", {"resnet34-b627a593.pth"}},
        {"resnet50", {"resnet50-11ad3fa6.pth", "resnet50-0676ba61.pth"}},
        {"resnet101", {"resnet101-cd907fc2.pth", "resnet101-63fe2227.pth"}},
        {"resnet152", {"resnet152-f82ba261.pth", "resnet152-394f9c45.pth"}},
        {"densenet121", {"densenet121-a639ec97.pth"}},
        {"densenet161", {"densenet161-8d451a50.pth"}},
        {"densenet169", {"densenet169-b2777c5a.pth"}},
        {"densenet201", {"densenet201-c1103571.pth"}},
    };
    return files;
}

// "<arch>-<hash>.pth" with a hash of 8 or more hex digits (torch.hub's naming rule).
bool is_hub_file_of(const std::string& name, const std::string& arch)
{
    const std::string prefix = arch + "-", suffix = ".pth";
    if (!name.starts_with(prefix) || !name.ends_with(suffix))
        return false;
    const std::string hash =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    return hash.size() >= 8 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string missing_weights_message(const std::string& arch, const std::string& dir,
                                    const std::string& why)
{
    return "no ImageNet weights for " + arch + " in " + dir + " (looked for " +
           published_files().at(arch).front() + " or any " + arch + "-<hash>.pth" +
           (why.empty() ? "" : "; " + why) +
           "); nothing is downloaded. Fill the torch hub cache with: python3 -c \"import "
           "torchvision; torchvision.models." +
           arch + "(weights='DEFAULT')\"";
}

std::string hex_text(const unsigned char* bytes, unsigned int length)
{
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[bytes[i] >> 4];
        out += hex[bytes[i] & 15];
    }
    return out;
}

std::string join(const std::vector<int>& v, const char* sep)
{
    std::string out;
    for (int x : v) {
        if (!out.empty())
            out.append(sep);
        out.append(std::to_string(x));
    }
    return out;
}

// The most children "<prefix><i>." numbered from `first` (layer1.0., layer1.1. -> 2).
int count_children(const NamedTensors& state, const std::string& prefix, int first)
{
    int most = 0;
    for (const auto& [name, t] : state) {
        if (!name.starts_with(prefix))
            continue;
        const std::string rest = name.substr(prefix.size());
        const auto dot = rest.find('.');
        if (dot == 0 || dot == std::string::npos ||
            rest.substr(0, dot).find_first_not_of("0123456789") != std::string::npos)
            continue;
        most = std::max(most, std::stoi(rest.substr(0, dot)) + 1 - first);
    }
    return most;
}

const torch::Tensor* find(const NamedTensors& state, const std::string& name)
{
    for (const auto& [n, t] : state)
        if (n == name)
            return &t;
    return nullptr;
}

const char* head_module(const ModelSpec& spec)
{
    return spec.family == Family::DenseNet ? "classifier" : "fc";
}

const char* stem_key(const ModelSpec& spec)
{
    return spec.family == Family::DenseNet ? "features.conv0.weight" : "conv1.weight";
}

} // namespace

std::string torch_hub_checkpoints_dir()
{
    // torch.hub._get_torch_home(), then get_dir() + "/checkpoints".
    std::string home = env("TORCH_HOME");
    if (home.empty()) {
        const std::string cache = env("XDG_CACHE_HOME");
        home = (fs::path(cache.empty() ? "~/.cache" : cache) / "torch").string();
    }
    return (fs::path(expand_user(home)) / "hub" / "checkpoints").string();
}

std::string torchvision_arch(const ModelSpec& spec)
{
    for (const auto& [arch, files] : published_files()) {
        const ModelSpec p = model_spec(arch);
        if (spec.family != p.family || spec.stem != p.stem)
            continue;
        if (p.family == Family::ResNet && spec.depth == p.depth)
            return arch;
        if (p.family == Family::DenseNet && spec.growth_rate == p.growth_rate &&
            spec.bottleneck == p.bottleneck && spec.bn_size == p.bn_size &&
            spec.compression == p.compression && spec.init_features == p.init_features &&
            dense_blocks(spec) == dense_blocks(p))
            return arch;
    }
    return {};
}

std::string resolve_pretrained(const std::string& source, const ModelSpec& spec)
{
    if (source.empty())
        throw Error("no pretrained weights named");
    if (source != "imagenet") {
        std::error_code ec;
        const auto status = fs::status(source, ec);
        if (!fs::exists(status))
            throw Error(source + ": no such weights file");
        if (fs::is_directory(status))
            throw Error(source + ": a folder, not a weights file");
        return source;
    }
    const std::string arch = torchvision_arch(spec);
    if (arch.empty())
        throw Error("torchvision publishes ImageNet weights for resnet18, resnet34, resnet50, "
                    "resnet101, resnet152, densenet121, densenet161, densenet169 and densenet201 "
                    "with their ImageNet stem; " +
                    spec.preset + " is " + describe(spec) +
                    ". Give a weights file instead (--pretrained FILE)");
    const std::string dir = torch_hub_checkpoints_dir();
    std::error_code ec;
    for (const auto& name : published_files().at(arch))
        if (fs::is_regular_file(fs::path(dir) / name, ec))
            return (fs::path(dir) / name).string();
    std::vector<std::string> others;
    std::string why;
    fs::directory_iterator it(dir, ec);
    if (ec)
        why = fs::exists(dir) ? "cannot read the folder: " + ec.message() : "no such folder";
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code file_ec;
        if (is_hub_file_of(name, arch) && it->is_regular_file(file_ec))
            others.push_back(it->path().string());
    }
    if (others.empty())
        throw Error(missing_weights_message(arch, dir, why));
    std::sort(others.begin(), others.end());
    return others.front();
}

std::string sha256_hex(const std::string& bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr))
        throw Error("SHA-256 failed");
    return hex_text(digest, length);
}

std::string sha256_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot be read");
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || !EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr))
        throw Error("SHA-256 is not available");
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0 && !EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(got)))
            throw Error(path + ": SHA-256 failed");
    }
    if (in.bad())
        throw Error(path + ": read error");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_DigestFinal_ex(ctx.get(), digest, &length))
        throw Error(path + ": SHA-256 failed");
    return hex_text(digest, length);
}

PretrainedWeights pin_pretrained(const PretrainedWeights& weights, const ModelSpec& spec)
{
    if (weights.empty())
        return weights;
    PretrainedWeights out = weights;
    if (out.source.empty())
        out.source = out.path;
    if (out.path.empty())
        out.path = resolve_pretrained(out.source, spec);
    else
        resolve_pretrained(out.path, spec); // a recorded file must still be there
    const std::string sha = sha256_file(out.path);
    if (!weights.sha256.empty() && weights.sha256 != sha)
        throw Error(out.path + ": its SHA-256 is " + sha + ", but the run recorded " +
                    weights.sha256 + ": the weights file changed since");
    out.sha256 = sha;
    return out;
}

std::vector<std::string> check_pretrained(const std::string& path, const ModelSpec& spec,
                                          const std::string& who)
{
    try {
        const PretrainedTensors file = read_pretrained(path);
        Net net = make_model(spec, /*seed=*/0);
        return apply_pretrained(*net, spec, file, path, who);
    } catch (const c10::Error& e) {
        throw Error(path + ": " + e.what_without_backtrace());
    }
}

PretrainedTensors read_pretrained(const std::string& path)
{
    TorchFile file = read_torch_file(path);
    PretrainedTensors out;
    if (is_checkpoint(file)) {
        Checkpoint ckpt = read_checkpoint(std::move(file), path);
        out.tensors = std::move(ckpt.model);
        out.arch = describe(ckpt.spec);
    } else {
        out.tensors = pick_state_dict(file, path);
        out.arch = guess_architecture(out.tensors);
    }
    return out;
}

std::string guess_architecture(const NamedTensors& state)
{
    if (find(state, "conv1.weight") && find(state, "fc.weight")) {
        std::vector<int> blocks;
        for (int layer = 1; layer <= 4; ++layer)
            if (int n = count_children(state, "layer" + std::to_string(layer) + ".", 0))
                blocks.push_back(n);
        const bool bottleneck = find(state, "layer1.0.conv3.weight") != nullptr;
        if (blocks.size() == 4) {
            const std::map<std::vector<int>, std::pair<int, int>> depths = {
                {{2, 2, 2, 2}, {18, 0}},
                {{3, 4, 6, 3}, {34, 50}},
                {{3, 4, 23, 3}, {0, 101}},
                {{3, 8, 36, 3}, {0, 152}}};
            auto it = depths.find(blocks);
            const int depth =
                it == depths.end() ? 0 : (bottleneck ? it->second.second : it->second.first);
            if (depth)
                return "resnet" + std::to_string(depth);
            return std::string("a ResNet (") + (bottleneck ? "bottleneck" : "basic") + " blocks " +
                   join(blocks, "-") + ")";
        }
        if (blocks.size() == 3 && blocks[0] == blocks[1] && blocks[1] == blocks[2])
            return "a CIFAR ResNet-" + std::to_string(6 * blocks[0] + 2);
        return "a ResNet";
    }
    if (const torch::Tensor* conv0 = find(state, "features.conv0.weight")) {
        std::vector<int> blocks;
        for (int b = 1;; ++b) {
            const int n =
                count_children(state, "features.denseblock" + std::to_string(b) + ".denselayer", 1);
            if (!n)
                break;
            blocks.push_back(n);
        }
        const std::string first = "features.denseblock1.denselayer1.";
        const torch::Tensor* conv2 = find(state, first + "conv2.weight");
        const torch::Tensor* last = conv2 ? conv2 : find(state, first + "conv1.weight");
        const int growth = last && last->dim() == 4 ? static_cast<int>(last->size(0)) : 0;
        if (conv2 && blocks.size() == 4 && conv0->dim() == 4 && conv0->size(2) == 7)
            for (const auto& [arch, files] : published_files()) {
                const ModelSpec p = model_spec(arch);
                if (p.family == Family::DenseNet && p.block_config == blocks &&
                    p.growth_rate == growth && p.init_features == conv0->size(0))
                    return arch;
            }
        return std::string("a DenseNet") + (conv2 ? "-BC" : "") + " (blocks " + join(blocks, "-") +
               ", k=" + std::to_string(growth) + ")";
    }
    return {};
}

std::vector<std::string> apply_pretrained(NetImpl& net, const ModelSpec& spec,
                                          const PretrainedTensors& file, const std::string& path,
                                          const std::string& who)
{
    const NamedTensors model = state_dict(net);
    std::map<std::string, torch::Tensor> given(file.tensors.begin(), file.tensors.end());
    std::map<std::string, torch::Tensor> replaced; // file tensors changed to fit
    std::vector<std::string> notes;

    // A new head when the class count differs (the model's own, initialised as torchvision's).
    const std::string head = head_module(spec);
    const torch::Tensor* model_head = find(model, head + ".weight");
    bool new_head = false;
    if (auto it = given.find(head + ".weight"); it != given.end() && model_head) {
        const torch::Tensor& w = it->second;
        if (w.dim() == 2 && model_head->dim() == 2 && w.size(1) == model_head->size(1) &&
            w.size(0) != model_head->size(0)) {
            new_head = true;
            notes.push_back(head + ": " + std::to_string(w.size(0)) + " → " +
                            std::to_string(model_head->size(0)) + " classes, new");
        }
    }

    // Gray images with RGB weights: the stem's weights summed over RGB, the same as replicating
    // the gray channel three times.
    const std::string stem = stem_key(spec);
    const torch::Tensor* model_stem = find(model, stem);
    if (auto it = given.find(stem); it != given.end() && model_stem) {
        const torch::Tensor& w = it->second;
        const bool same_but_channels =
            w.dim() == 4 && model_stem->dim() == 4 && w.size(0) == model_stem->size(0) &&
            w.size(2) == model_stem->size(2) && w.size(3) == model_stem->size(3);
        const auto from = w.dim() == 4 ? w.size(1) : 0, to = model_stem->size(1);
        if (same_but_channels && from != to) {
            if (from == 3 && to == 1) {
                replaced[stem] = w.to(torch::kFloat).sum(1, /*keepdim=*/true);
                notes.push_back(stem.substr(0, stem.rfind('.')) +
                                ": RGB weights summed to 1 channel (gray images)");
            } else if (from == 1) {
                throw Error(path + " was trained on 1-channel (gray) images (" + stem + " " +
                            shape_text(w) + "), but " + who + " takes " + std::to_string(to) +
                            "-channel images: gray weights cannot start a colour model. Nothing "
                            "was trained.");
            } else {
                throw Error(path + " takes " + std::to_string(from) + "-channel images (" + stem +
                            " " + shape_text(w) + "), but " + who + " takes " + std::to_string(to) +
                            " (only RGB weights for 1-channel images are adapted). Nothing was "
                            "trained.");
            }
        }
    }

    // The first key that does not fit, in the model's order, then the file's.
    auto is_head = [&](const std::string& name) {
        return new_head && (name == head + ".weight" || name == head + ".bias");
    };
    std::string mismatch;
    for (const auto& [name, t] : model) {
        if (is_head(name))
            continue;
        const auto r = replaced.find(name);
        const auto g = given.find(name);
        const torch::Tensor* from =
            r != replaced.end() ? &r->second : (g != given.end() ? &g->second : nullptr);
        if (!from) {
            if (is_batch_counter(name))
                continue;
            mismatch = name + " (not in the file)";
        } else if (from->sizes() != t.sizes()) {
            mismatch = name + " (" + shape_text(*from) + " in the file, " + shape_text(t) +
                       " in the model)";
        }
        if (!mismatch.empty())
            break;
    }
    if (mismatch.empty())
        for (const auto& [name, t] : file.tensors)
            if (!find(model, name) && !is_head(name)) {
                mismatch = name + " (not in the model)";
                break;
            }
    if (!mismatch.empty())
        throw Error(path + " holds " +
                    (file.arch.empty() ? std::string("weights of another architecture")
                                       : file.arch + " weights") +
                    ", which do not fit " + who + ": first mismatching key " + mismatch +
                    ". Nothing was trained.");

    NamedTensors fitted;
    for (const auto& [name, t] : model) {
        if (is_head(name))
            fitted.emplace_back(name, t); // stays as built
        else if (auto r = replaced.find(name); r != replaced.end())
            fitted.emplace_back(name, r->second);
        else if (auto g = given.find(name); g != given.end())
            fitted.emplace_back(name, g->second);
    }
    load_state_dict(net, fitted, path);
    return notes;
}

} // namespace resdense
