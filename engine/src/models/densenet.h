#pragma once

#include <vector>

#include <torch/nn.h>

#include "models/net.h"

namespace resdense {

// DenseNet (Huang et al. 2017) in torchvision's layout and names (features.conv0,
// features.denseblockN.denselayerM.norm1, features.transitionN, classifier). The small-image
// stem (3x3 conv, no pooling) with three blocks is the paper's CIFAR network; the ImageNet stem
// with four blocks is densenet121/161/169/201.
struct DenseNetOptions {
    TORCH_ARG(std::vector<int>, blocks) = std::vector<int>{6, 12, 24, 16};
    TORCH_ARG(int, growth_rate) = 32;
    TORCH_ARG(int, init_features) = 64;
    TORCH_ARG(int, bn_size) = 4; // 0: no bottleneck (plain DenseNet layer: BN-ReLU-Conv3x3)
    TORCH_ARG(double, compression) = 0.5;
    TORCH_ARG(double, dropout) = 0.0;
    TORCH_ARG(bool, small_stem) = false;
    TORCH_ARG(bool, memory_efficient) = false; // see models/densenet_efficient.h
    TORCH_ARG(int, in_channels) = 3;
    TORCH_ARG(int, num_classes) = 1000;
};

class DenseLayerImpl : public torch::nn::Module {
public:
    DenseLayerImpl(int in_features, int growth_rate, int bn_size, double dropout);
    torch::Tensor forward(torch::Tensor x); // returns only the new growth_rate channels
    // The same from the block's features so far, recomputing their concatenation in backward.
    torch::Tensor forward_efficient(const std::vector<torch::Tensor>& features);

private:
    torch::Tensor finish(torch::Tensor out); // the layer after its first convolution
    torch::nn::BatchNorm2d m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    double m_dropout = 0.0;
};
TORCH_MODULE(DenseLayer);

class TransitionImpl : public torch::nn::Module {
public:
    TransitionImpl(int in_features, int out_features);
    torch::Tensor forward(torch::Tensor x);

private:
    torch::nn::BatchNorm2d m_norm{nullptr};
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::AvgPool2d m_pool{nullptr};
};
TORCH_MODULE(Transition);

class DenseNetImpl : public NetImpl {
public:
    explicit DenseNetImpl(const DenseNetOptions& options);
    torch::Tensor features(torch::Tensor x) override;
    torch::Tensor classify(const torch::Tensor& features) override;
    torch::Tensor cam_layer(torch::Tensor x) override;
    torch::Tensor logits_from_cam_layer(const torch::Tensor& activation) override;

private:
    torch::Tensor trunk(torch::Tensor x); // up to the final norm

    torch::nn::Conv2d m_conv0{nullptr};
    torch::nn::BatchNorm2d m_norm0{nullptr}; // ImageNet stem only
    torch::nn::MaxPool2d m_pool0{nullptr};   // ImageNet stem only
    std::vector<std::vector<DenseLayer>> m_blocks;
    std::vector<Transition> m_transitions;
    torch::nn::BatchNorm2d m_norm_final{nullptr};
    torch::nn::Linear m_classifier{nullptr};
    bool m_memory_efficient = false;
};

} // namespace resdense
