#pragma once

#include <torch/nn.h>

#include "models/batch_norm_relu.h"
#include "models/net.h"

namespace resdense {

// CIFAR-style ResNet (He et al. 2016, section 4.2): a 3x3 conv, three stages of n basic blocks
// at widths 16-32-64 (times a multiplier), global average pooling and a linear layer; depth 6n+2.
struct CifarResNetOptions {
    TORCH_ARG(int, depth) = 20;
    TORCH_ARG(double, width) = 1.0;
    TORCH_ARG(char, shortcut) = 'A';
    TORCH_ARG(int, in_channels) = 3;
    TORCH_ARG(int, num_classes) = 10;
};

class CifarBasicBlockImpl : public torch::nn::Module {
public:
    CifarBasicBlockImpl(int in_planes, int planes, int stride, char shortcut);
    torch::Tensor forward(torch::Tensor x);
    // The block on an input with two handles (main for conv1, shortcut for the shortcut),
    // returning its output as two handles too when the next block takes it.
    TwoUses forward_two_uses(const TwoUses& x, bool output_two_uses);

private:
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr};
    torch::nn::Conv2d m_proj{nullptr}; // option B only, when the shape changes
    torch::nn::BatchNorm2d m_proj_bn{nullptr};
    int m_stride = 1;
    int m_pad_before = 0, m_pad_after = 0; // option A zero channels
};
TORCH_MODULE(CifarBasicBlock);

class CifarResNetImpl : public NetImpl {
public:
    explicit CifarResNetImpl(const CifarResNetOptions& options);
    torch::Tensor features(torch::Tensor x) override;
    torch::Tensor classify(const torch::Tensor& features) override;
    torch::Tensor cam_layer(torch::Tensor x) override;
    torch::Tensor logits_from_cam_layer(const torch::Tensor& activation) override;

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    std::vector<CifarBasicBlock> m_blocks;
    torch::nn::Linear m_fc{nullptr};
};

} // namespace resdense
