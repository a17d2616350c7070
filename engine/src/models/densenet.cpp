#include "models/densenet.h"

#include <cmath>

#include "models/batch_norm_relu.h"
#include "models/densenet_efficient.h"
#include "models/layer_probe.h"
#include "models/training_random.h"

namespace resdense {
namespace {

torch::nn::Conv2d conv(int in, int out, int kernel, int stride = 1)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

} // namespace

DenseLayerImpl::DenseLayerImpl(int in_features, int growth_rate, int bn_size, double dropout)
    : m_dropout(dropout)
{
    m_norm1 = register_module("norm1", torch::nn::BatchNorm2d(in_features));
    if (bn_size > 0) {
        const int inner = bn_size * growth_rate;
        m_conv1 = register_module("conv1", conv(in_features, inner, 1));
        m_norm2 = register_module("norm2", torch::nn::BatchNorm2d(inner));
        m_conv2 = register_module("conv2", conv(inner, growth_rate, 3));
    } else {
        m_conv1 = register_module("conv1", conv(in_features, growth_rate, 3));
    }
}

torch::Tensor DenseLayerImpl::forward(torch::Tensor x)
{
    return finish(tap(m_conv1, batch_norm_relu(m_norm1, x)));
}

torch::Tensor DenseLayerImpl::forward_efficient(const std::vector<torch::Tensor>& features)
{
    return finish(concat_norm_relu_conv(features, m_norm1, m_conv1));
}

torch::Tensor DenseLayerImpl::finish(torch::Tensor out)
{
    if (m_conv2)
        out = tap(m_conv2, batch_norm_relu(m_norm2, out));
    if (m_dropout > 0.0)
        out = training_dropout(out, m_dropout, is_training());
    return out;
}

TransitionImpl::TransitionImpl(int in_features, int out_features)
{
    m_norm = register_module("norm", torch::nn::BatchNorm2d(in_features));
    m_conv = register_module("conv", conv(in_features, out_features, 1));
    m_pool =
        register_module("pool", torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(2).stride(2)));
}

torch::Tensor TransitionImpl::forward(torch::Tensor x)
{
    return tap(m_pool, tap(m_conv, batch_norm_relu(m_norm, x)));
}

DenseNetImpl::DenseNetImpl(const DenseNetOptions& o)
{
    m_memory_efficient = o.memory_efficient();
    auto features = register_module("features", std::make_shared<torch::nn::Module>());
    int channels = o.init_features();
    if (o.small_stem()) {
        m_conv0 = features->register_module("conv0", conv(o.in_channels(), channels, 3));
    } else {
        m_conv0 = features->register_module("conv0", conv(o.in_channels(), channels, 7, 2));
        m_norm0 = features->register_module("norm0", torch::nn::BatchNorm2d(channels));
        m_pool0 = features->register_module(
            "pool0", torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)));
    }
    const int n_blocks = static_cast<int>(o.blocks().size());
    for (int b = 0; b < n_blocks; ++b) {
        auto block = features->register_module("denseblock" + std::to_string(b + 1),
                                               std::make_shared<torch::nn::Module>());
        std::vector<DenseLayer> layers;
        for (int i = 0; i < o.blocks()[b]; ++i) {
            auto layer = DenseLayer(channels, o.growth_rate(), o.bn_size(), o.dropout());
            block->register_module("denselayer" + std::to_string(i + 1), layer);
            layers.push_back(layer);
            channels += o.growth_rate();
        }
        m_blocks.push_back(std::move(layers));
        if (b + 1 < n_blocks) {
            const int out = static_cast<int>(std::floor(o.compression() * channels));
            m_transitions.push_back(features->register_module("transition" + std::to_string(b + 1),
                                                              Transition(channels, out)));
            channels = out;
        }
    }
    // torchvision calls the last norm "norm5" after four blocks: it is one past the last block.
    m_norm_final = features->register_module("norm" + std::to_string(n_blocks + 1),
                                             torch::nn::BatchNorm2d(channels));
    m_classifier = register_module("classifier", torch::nn::Linear(channels, o.num_classes()));

    // torchvision's initialisation (the paper's code uses He-normal with fan-out for the
    // small-image networks).
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* c = module->as<torch::nn::Conv2d>()) {
            if (o.small_stem())
                torch::nn::init::kaiming_normal_(c->weight, 0, torch::kFanOut, torch::kReLU);
            else
                torch::nn::init::kaiming_normal_(c->weight);
        } else if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
            torch::nn::init::ones_(bn->weight);
            torch::nn::init::zeros_(bn->bias);
        } else if (auto* linear = module->as<torch::nn::Linear>()) {
            torch::nn::init::zeros_(linear->bias);
        }
    }
}

torch::Tensor DenseNetImpl::features(torch::Tensor x)
{
    return torch::adaptive_avg_pool2d(batch_norm_relu(m_norm_final, trunk(std::move(x))), {1, 1})
        .flatten(1);
}

torch::Tensor DenseNetImpl::cam_layer(torch::Tensor x)
{
    return m_norm_final->forward(trunk(std::move(x)));
}

torch::Tensor DenseNetImpl::logits_from_cam_layer(const torch::Tensor& activation)
{
    return classify(torch::adaptive_avg_pool2d(torch::relu(activation), {1, 1}).flatten(1));
}

torch::Tensor DenseNetImpl::trunk(torch::Tensor x)
{
    x = tap(m_conv0, x);
    if (m_norm0)
        x = tap(m_pool0, batch_norm_relu(m_norm0, x));
    for (std::size_t b = 0; b < m_blocks.size(); ++b) {
        // The concatenation grows one layer at a time, in torchvision's channel order
        // [x0, f1, f2, ...], so its weights load unchanged.
        if (m_memory_efficient && is_training() && torch::GradMode::is_enabled()) {
            std::vector<torch::Tensor> features{x};
            for (auto& layer : m_blocks[b])
                features.push_back(layer->forward_efficient(features));
            x = torch::cat(features, 1);
        } else {
            for (auto& layer : m_blocks[b])
                x = torch::cat({x, layer->forward(x)}, 1);
        }
        if (b < m_transitions.size())
            x = m_transitions[b]->forward(x);
    }
    return x;
}

torch::Tensor DenseNetImpl::classify(const torch::Tensor& features)
{
    return tap(m_classifier, features);
}

} // namespace resdense
