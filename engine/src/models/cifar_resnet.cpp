#include "models/cifar_resnet.h"

#include <cmath>

#include "models/batch_norm_relu.h"
#include "models/layer_probe.h"
#include "models/subsample_pad.h"

namespace resdense {
namespace {

torch::nn::Conv2d conv3x3(int in, int out, int stride)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, /*kernel=*/3).stride(stride).padding(1).bias(false));
}

} // namespace

CifarBasicBlockImpl::CifarBasicBlockImpl(int in_planes, int planes, int stride, char shortcut)
    : m_stride(stride)
{
    m_conv1 = register_module("conv1", conv3x3(in_planes, planes, stride));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
    m_conv2 = register_module("conv2", conv3x3(planes, planes, 1));
    m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
    if (stride != 1 || in_planes != planes) {
        if (shortcut == 'B') {
            m_proj = register_module(
                "shortcut_conv",
                torch::nn::Conv2d(torch::nn::Conv2dOptions(in_planes, planes, /*kernel=*/1)
                                      .stride(stride)
                                      .bias(false)));
            m_proj_bn = register_module("shortcut_bn", torch::nn::BatchNorm2d(planes));
        } else {
            m_pad_before = (planes - in_planes) / 2;
            m_pad_after = planes - in_planes - m_pad_before;
        }
    }
}

torch::Tensor CifarBasicBlockImpl::forward(torch::Tensor x)
{
    return forward_two_uses({x, x}, /*output_two_uses=*/false).main;
}

TwoUses CifarBasicBlockImpl::forward_two_uses(const TwoUses& x, bool output_two_uses)
{
    const torch::Tensor out = tap(m_conv2, batch_norm_relu(m_bn1, tap(m_conv1, x.main)));
    const auto shortcut = [&] {
        if (m_proj)
            return tap(m_proj_bn, tap(m_proj, x.shortcut));
        if (m_stride == 1 && m_pad_before + m_pad_after == 0)
            return x.shortcut;
        // Option A: subsample spatially, then pad channels with zeros (no parameters).
        return subsample_pad_channels(x.shortcut, m_stride, m_pad_before, m_pad_after);
    };
    return batch_norm_add_relu_two_uses(m_bn2, out, shortcut, output_two_uses);
}

CifarResNetImpl::CifarResNetImpl(const CifarResNetOptions& o)
{
    const int n = (o.depth() - 2) / 6;
    auto scaled = [&](int w) { return std::max(1, static_cast<int>(std::lround(w * o.width()))); };
    const int widths[3] = {scaled(16), scaled(32), scaled(64)};

    m_conv1 = register_module("conv1", conv3x3(o.in_channels(), widths[0], 1));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(widths[0]));
    int in_planes = widths[0];
    for (int stage = 0; stage < 3; ++stage) {
        auto layer = register_module("layer" + std::to_string(stage + 1),
                                     std::make_shared<torch::nn::Module>());
        for (int i = 0; i < n; ++i) {
            const int stride = (stage > 0 && i == 0) ? 2 : 1;
            auto block = CifarBasicBlock(in_planes, widths[stage], stride, o.shortcut());
            layer->register_module(std::to_string(i), block);
            m_blocks.push_back(block);
            in_planes = widths[stage];
        }
    }
    m_fc = register_module("fc", torch::nn::Linear(in_planes, o.num_classes()));

    // As the reference CIFAR implementations: He-normal convolutions and linear weights.
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* conv = module->as<torch::nn::Conv2d>())
            torch::nn::init::kaiming_normal_(conv->weight);
        else if (auto* linear = module->as<torch::nn::Linear>())
            torch::nn::init::kaiming_normal_(linear->weight);
    }
}

torch::Tensor CifarResNetImpl::features(torch::Tensor x)
{
    return torch::adaptive_avg_pool2d(cam_layer(std::move(x)), {1, 1}).flatten(1);
}

torch::Tensor CifarResNetImpl::cam_layer(torch::Tensor x)
{
    // Every block's input feeds its first convolution and its shortcut (TwoUses).
    TwoUses h = batch_norm_relu_two_uses(m_bn1, tap(m_conv1, x));
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        h = m_blocks[i]->forward_two_uses(h, /*output_two_uses=*/i + 1 < m_blocks.size());
    return h.main;
}

torch::Tensor CifarResNetImpl::logits_from_cam_layer(const torch::Tensor& activation)
{
    return classify(torch::adaptive_avg_pool2d(activation, {1, 1}).flatten(1));
}

torch::Tensor CifarResNetImpl::classify(const torch::Tensor& features)
{
    return tap(m_fc, features);
}

} // namespace resdense
