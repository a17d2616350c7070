#pragma once

#include <vector>

#include <torch/nn.h>

#include "models/batch_norm_relu.h"
#include "models/net.h"

namespace resdense {

// ImageNet-style ResNet as torchvision builds it (V1.5: the stride sits on the 3x3 conv of a
// bottleneck), with torchvision's parameter names so its state dicts load unchanged.
struct ResNetOptions {
    TORCH_ARG(std::vector<int>, layers) = std::vector<int>{2, 2, 2, 2};
    TORCH_ARG(bool, bottleneck) = false;
    TORCH_ARG(bool, small_stem) = false; // 3x3 stride-1 conv1 and no max-pool
    TORCH_ARG(int, in_channels) = 3;
    TORCH_ARG(int, num_classes) = 1000;
};

class ResNetBlockImpl : public torch::nn::Module {
public:
    ResNetBlockImpl(int in_planes, int planes, int stride, bool bottleneck);
    torch::Tensor forward(torch::Tensor x);
    // The block on an input with two handles (main for conv1, shortcut for the shortcut),
    // returning its output as two handles too when the next block takes it.
    TwoUses forward_two_uses(const TwoUses& x, bool output_two_uses);
    int out_planes() const { return m_out_planes; }

private:
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_conv3{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr}, m_bn3{nullptr};
    torch::nn::Conv2d m_down_conv{nullptr};
    torch::nn::BatchNorm2d m_down_bn{nullptr};
    int m_out_planes = 0;
};
TORCH_MODULE(ResNetBlock);

class ResNetImpl : public NetImpl {
public:
    explicit ResNetImpl(const ResNetOptions& options);
    torch::Tensor features(torch::Tensor x) override;
    torch::Tensor classify(const torch::Tensor& features) override;
    torch::Tensor cam_layer(torch::Tensor x) override;
    torch::Tensor logits_from_cam_layer(const torch::Tensor& activation) override;

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    torch::nn::MaxPool2d m_maxpool{nullptr};
    std::vector<ResNetBlock> m_blocks;
    torch::nn::Linear m_fc{nullptr};
};

} // namespace resdense
