#include "models/resnet.h"

#include "models/batch_norm_relu.h"
#include "models/layer_probe.h"

namespace resdense {
namespace {

torch::nn::Conv2d conv(int in, int out, int kernel, int stride)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

constexpr int kExpansion = 4; // bottleneck blocks widen their output four times

} // namespace

ResNetBlockImpl::ResNetBlockImpl(int in_planes, int planes, int stride, bool bottleneck)
{
    if (bottleneck) {
        m_out_planes = planes * kExpansion;
        m_conv1 = register_module("conv1", conv(in_planes, planes, 1, 1));
        m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
        m_conv2 = register_module("conv2", conv(planes, planes, 3, stride));
        m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
        m_conv3 = register_module("conv3", conv(planes, m_out_planes, 1, 1));
        m_bn3 = register_module("bn3", torch::nn::BatchNorm2d(m_out_planes));
    } else {
        m_out_planes = planes;
        m_conv1 = register_module("conv1", conv(in_planes, planes, 3, stride));
        m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
        m_conv2 = register_module("conv2", conv(planes, planes, 3, 1));
        m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
    }
    if (stride != 1 || in_planes != m_out_planes) {
        m_down_conv = conv(in_planes, m_out_planes, 1, stride);
        m_down_bn = torch::nn::BatchNorm2d(m_out_planes);
        // torchvision's names: downsample.0 (conv) and downsample.1 (batch norm).
        register_module("downsample", torch::nn::Sequential(m_down_conv, m_down_bn));
    }
}

torch::Tensor ResNetBlockImpl::forward(torch::Tensor x)
{
    return forward_two_uses({x, x}, /*output_two_uses=*/false).main;
}

TwoUses ResNetBlockImpl::forward_two_uses(const TwoUses& x, bool output_two_uses)
{
    torch::Tensor out = tap(m_conv2, batch_norm_relu(m_bn1, tap(m_conv1, x.main)));
    auto& last_norm = m_conv3 ? m_bn3 : m_bn2;
    if (m_conv3)
        out = tap(m_conv3, batch_norm_relu(m_bn2, out));
    const auto shortcut = [&] {
        return m_down_conv ? tap(m_down_bn, tap(m_down_conv, x.shortcut)) : x.shortcut;
    };
    return batch_norm_add_relu_two_uses(last_norm, out, shortcut, output_two_uses);
}

ResNetImpl::ResNetImpl(const ResNetOptions& o)
{
    constexpr int kStemWidth = 64;
    if (o.small_stem())
        m_conv1 = register_module("conv1", conv(o.in_channels(), kStemWidth, 3, 1));
    else
        m_conv1 = register_module("conv1", conv(o.in_channels(), kStemWidth, 7, 2));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(kStemWidth));
    if (!o.small_stem())
        m_maxpool = register_module(
            "maxpool", torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)));

    int in_planes = kStemWidth;
    for (std::size_t stage = 0; stage < o.layers().size(); ++stage) {
        const int planes = kStemWidth << stage;
        torch::nn::Sequential layer;
        for (int i = 0; i < o.layers()[stage]; ++i) {
            const int stride = (stage > 0 && i == 0) ? 2 : 1;
            auto block = ResNetBlock(in_planes, planes, stride, o.bottleneck());
            layer->push_back(block);
            m_blocks.push_back(block);
            in_planes = block->out_planes();
        }
        register_module("layer" + std::to_string(stage + 1), layer);
    }
    m_fc = register_module("fc", torch::nn::Linear(in_planes, o.num_classes()));

    // torchvision's initialisation; the linear layer keeps PyTorch's default.
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* c = module->as<torch::nn::Conv2d>()) {
            torch::nn::init::kaiming_normal_(c->weight, /*a=*/0, torch::kFanOut, torch::kReLU);
        } else if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
            torch::nn::init::ones_(bn->weight);
            torch::nn::init::zeros_(bn->bias);
        }
    }
}

torch::Tensor ResNetImpl::features(torch::Tensor x)
{
    return torch::adaptive_avg_pool2d(cam_layer(std::move(x)), {1, 1}).flatten(1);
}

torch::Tensor ResNetImpl::cam_layer(torch::Tensor x)
{
    // Every block's input feeds its first convolution and its shortcut (TwoUses); after the
    // max-pool of the ImageNet stem it is one tensor.
    TwoUses h;
    if (m_maxpool) {
        const torch::Tensor pooled = tap(m_maxpool, batch_norm_relu(m_bn1, tap(m_conv1, x)));
        h = {pooled, pooled};
    } else {
        h = batch_norm_relu_two_uses(m_bn1, tap(m_conv1, x));
    }
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        h = m_blocks[i]->forward_two_uses(h, /*output_two_uses=*/i + 1 < m_blocks.size());
    return h.main;
}

torch::Tensor ResNetImpl::logits_from_cam_layer(const torch::Tensor& activation)
{
    return classify(torch::adaptive_avg_pool2d(activation, {1, 1}).flatten(1));
}

torch::Tensor ResNetImpl::classify(const torch::Tensor& features)
{
    return tap(m_fc, features);
}

} // namespace resdense
