#include "resdense/classifier.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "data/image_decode.h"
#include "data/input_transform.h"
#include "infer/grad_cam.h"
#include "io/checkpoint.h"
#include "io/state_dict.h"
#include "resdense/error.h"

namespace resdense {

struct Classifier::Impl {
    ModelSpec spec;
    Net net;
    std::vector<std::string> classes;
    int channels = 3, height = 32, width = 32;
    std::vector<double> mean, std;
    InputOptions input;       // the run's resize and crop, as for its test images
    mutable std::mutex mutex; // one forward pass at a time: LibTorch modules are not re-entrant
};

Classifier::Classifier(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}
Classifier::~Classifier() = default;

std::shared_ptr<const Classifier> Classifier::load(const std::string& path)
{
    Checkpoint ckpt = read_checkpoint(path);
    auto impl = std::make_unique<Impl>();
    impl->spec = ckpt.spec;
    impl->spec.channels_last = false;
    impl->net = make_model(impl->spec);
    load_state_dict(*impl->net, ckpt.model, path);
    impl->net->eval();

    // Runs record how their images were prepared; imported torchvision weights expect ImageNet's.
    const auto input = nlohmann::json::parse(ckpt.file.string("input"), nullptr, false);
    const bool imagenet =
        impl->spec.stem == Stem::ImageNet && impl->spec.family != Family::CifarResNet;
    impl->channels = impl->spec.in_channels;
    impl->height = impl->width = imagenet ? 224 : 32;
    if (impl->channels == 3) {
        impl->mean = {0.485, 0.456, 0.406};
        impl->std = {0.229, 0.224, 0.225};
    } else {
        impl->mean.assign(static_cast<std::size_t>(impl->channels), 0.5);
        impl->std.assign(static_cast<std::size_t>(impl->channels), 0.5);
    }
    // Values from the file are checked before they are used: a wrong type, a fraction where a
    // size belongs, a non-finite or non-positive std, class names that are not text.
    try {
        if (input.is_object()) {
            const auto size = [&](const char* key, int fallback) {
                const auto it = input.find(key);
                if (it == input.end())
                    return fallback;
                if (!it->is_number_integer())
                    throw Error(path + ": its input record's \"" + key +
                                "\" is not a whole number");
                const auto v = it->get<std::int64_t>();
                if (v < 0 || v > 4096)
                    throw Error(path + ": its input record's \"" + key + "\" (" +
                                std::to_string(v) + ") is not a usable size");
                return static_cast<int>(v);
            };
            impl->height = size("height", impl->height);
            impl->width = size("width", impl->width);
            impl->input.resize = size("resize", 0);
            impl->input.crop = size("crop", 0);
            impl->mean = input.value("mean", impl->mean);
            impl->std = input.value("std", impl->std);
        }
        const auto classes = nlohmann::json::parse(ckpt.file.string("classes"), nullptr, false);
        if (classes.is_array() && static_cast<int>(classes.size()) == impl->spec.num_classes)
            impl->classes = classes.get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        throw Error(path + ": its input record or class names have values of the wrong type");
    }
    for (std::size_t c = 0; c < impl->mean.size() && c < impl->std.size(); ++c)
        if (!std::isfinite(impl->mean[c]) || !std::isfinite(impl->std[c]) || !(impl->std[c] > 0))
            throw Error(path + ": its input normalisation (mean " + std::to_string(impl->mean[c]) +
                        ", std " + std::to_string(impl->std[c]) + ") is not usable");
    if (impl->classes.empty())
        for (int i = 0; i < impl->spec.num_classes; ++i)
            impl->classes.push_back("class " + std::to_string(i));
    const auto& in = impl->input;
    if (in.resize < 0 || in.resize > 4096 || in.crop < 0 || in.crop > 4096 || impl->height < 1 ||
        impl->height > 4096 || impl->width < 1 || impl->width > 4096 ||
        (in.crop > 0 && in.crop > model_image_size({in.resize, 0}, impl->height, impl->width)))
        throw Error(path + ": its input sizes (" + std::to_string(impl->height) + " × " +
                    std::to_string(impl->width) + ", resize " + std::to_string(in.resize) +
                    ", crop " + std::to_string(in.crop) + ") are not usable");
    if (static_cast<int>(impl->mean.size()) != impl->channels ||
        static_cast<int>(impl->std.size()) != impl->channels)
        throw Error(path + ": its input normalisation does not match its " +
                    std::to_string(impl->channels) + " input channels");
    return std::shared_ptr<const Classifier>(
        new Classifier(std::move(impl))); // private constructor
}

namespace {

// Where the centre crop of an h x w image resized as `input` says lies, in fractions of it.
ImageRegion crop_region(const InputOptions& input, int h, int w)
{
    double rh = h, rw = w;
    if (input.resize > 0) {
        const double scale = static_cast<double>(input.resize) / std::min(h, w);
        rh = h <= w ? input.resize : std::floor(h * scale);
        rw = w <= h ? input.resize : std::floor(w * scale);
    }
    ImageRegion r;
    if (input.crop > 0) {
        const double top = std::round((rh - input.crop) / 2.0);
        const double left = std::round((rw - input.crop) / 2.0);
        r = {left / rw, top / rh, (left + input.crop) / rw, (top + input.crop) / rh};
    }
    return r;
}

PixelImage to_pixels(const torch::Tensor& x) // 1 x C x H x W in [0, 1]
{
    const torch::Tensor hwc =
        x[0].permute({1, 2, 0}).mul(255.0f).round().clamp(0, 255).to(torch::kUInt8).contiguous();
    PixelImage image;
    image.height = static_cast<int>(hwc.size(0));
    image.width = static_cast<int>(hwc.size(1));
    image.channels = static_cast<int>(hwc.size(2));
    image.pixels.assign(hwc.data_ptr<std::uint8_t>(), hwc.data_ptr<std::uint8_t>() + hwc.numel());
    return image;
}

} // namespace

Prediction Classifier::classify_file(const std::string& path, int top_k, bool explain) const
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Prediction p;
        p.source = path;
        p.error =
            std::filesystem::is_directory(path) ? "a folder, not an image" : "cannot open the file";
        return p;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    return classify_encoded(bytes, path, top_k, explain);
}

Prediction Classifier::classify_encoded(std::string_view bytes, const std::string& source,
                                        int top_k, bool explain) const
{
    const Impl& m = *m_impl;
    Prediction p;
    p.source = source;
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(m.channels * m.height * m.width));
    if (!decode_image(bytes, m.channels, m.height, m.width, pixels.data(), p.error))
        return p;
    try {
        auto x = resize_and_crop(
            torch::from_blob(pixels.data(), {1, m.channels, m.height, m.width}, torch::kUInt8)
                .to(torch::kFloat)
                .div_(255.0f),
            m.input);
        if (explain) {
            p.input = to_pixels(x);
            p.region = crop_region(m.input, m.height, m.width);
        }
        x = x.sub_(torch::tensor(m.mean, torch::kFloat).view({1, m.channels, 1, 1}))
                .div_(torch::tensor(m.std, torch::kFloat).view({1, m.channels, 1, 1}));
        torch::NoGradGuard no_grad;
        const auto start = std::chrono::steady_clock::now();
        torch::Tensor probs;
        {
            std::lock_guard lock(m.mutex);
            if (explain) {
                const GradCamPass pass(*m.net, x);
                probs = torch::softmax(pass.logits(), 1)[0];
                const auto k = std::min<std::int64_t>(std::max(1, top_k), probs.size(0));
                const torch::Tensor order = std::get<1>(probs.topk(k));
                for (std::int64_t i = 0; i < k; ++i)
                    p.cams.push_back(pass.map(static_cast<int>(order[i].item<std::int64_t>())));
            } else {
                probs = torch::softmax(m.net->forward(x), 1)[0];
            }
        }
        p.milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        const auto k = std::min<std::int64_t>(std::max(1, top_k), probs.size(0));
        const auto [values, indices] = probs.topk(k);
        for (std::int64_t i = 0; i < k; ++i) {
            const auto index = indices[i].item<std::int64_t>();
            p.top.push_back({static_cast<int>(index), m.classes[static_cast<std::size_t>(index)],
                             values[i].item<double>()});
        }
        p.ok = true;
    } catch (const c10::Error& e) {
        p.error = e.what_without_backtrace();
    }
    return p;
}

const ModelSpec& Classifier::spec() const
{
    return m_impl->spec;
}
const std::vector<std::string>& Classifier::classes() const
{
    return m_impl->classes;
}
int Classifier::image_size() const
{
    return model_image_size(m_impl->input, m_impl->height, m_impl->width);
}

} // namespace resdense
