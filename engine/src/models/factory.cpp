#include <torch/nn/module.h>
#include <torch/utils.h>

#include "models/cifar_resnet.h"
#include "models/densenet.h"
#include "models/net.h"
#include "models/resnet.h"
#include "models/training_random.h"
#include "resdense/error.h"

namespace resdense {
namespace {

std::vector<int> resnet_layers(int depth)
{
    switch (depth) {
    case 18: return {2, 2, 2, 2};
    case 34:
    case 50: return {3, 4, 6, 3};
    case 101: return {3, 4, 23, 3};
    case 152: return {3, 8, 36, 3};
    }
    throw Error("no ImageNet-style ResNet of depth " + std::to_string(depth));
}

int initial_features(const ModelSpec& s)
{
    if (s.init_features > 0)
        return s.init_features;
    if (s.stem == Stem::ImageNet)
        return 64;
    return s.bottleneck ? 2 * s.growth_rate : 16; // as in the paper
}

} // namespace

Net make_model(const ModelSpec& spec, std::optional<std::uint64_t> seed)
{
    if (auto problem = validate(spec))
        throw Error(problem->message);
    std::lock_guard<std::mutex> lock(global_generator_mutex());
    if (seed)
        torch::manual_seed(*seed);
    Net net;
    switch (spec.family) {
    case Family::CifarResNet:
        net = std::make_shared<CifarResNetImpl>(CifarResNetOptions()
                                                    .depth(spec.depth)
                                                    .width(spec.width)
                                                    .shortcut(spec.shortcut)
                                                    .in_channels(spec.in_channels)
                                                    .num_classes(spec.num_classes));
        break;
    case Family::ResNet:
        net = std::make_shared<ResNetImpl>(ResNetOptions()
                                               .layers(resnet_layers(spec.depth))
                                               .bottleneck(spec.depth >= 50)
                                               .small_stem(spec.stem == Stem::Small)
                                               .in_channels(spec.in_channels)
                                               .num_classes(spec.num_classes));
        break;
    case Family::DenseNet:
        net = std::make_shared<DenseNetImpl>(DenseNetOptions()
                                                 .blocks(dense_blocks(spec))
                                                 .growth_rate(spec.growth_rate)
                                                 .init_features(initial_features(spec))
                                                 .bn_size(spec.bottleneck ? spec.bn_size : 0)
                                                 .compression(spec.compression)
                                                 .dropout(spec.dropout)
                                                 .memory_efficient(spec.memory_efficient)
                                                 .small_stem(spec.stem == Stem::Small)
                                                 .in_channels(spec.in_channels)
                                                 .num_classes(spec.num_classes));
        break;
    }
    if (spec.channels_last)
        to_channels_last(*net);
    return net;
}

void to_channels_last(torch::nn::Module& module)
{
    // Always a fresh NHWC tensor: contiguous(ChannelsLast) returns a weight with one input
    // channel (the stem of a gray-image model) unchanged, because its NCHW strides also pass for
    // NHWC; oneDNN then runs the stem in NCHW and every later layer converts between layouts.
    torch::NoGradGuard no_grad;
    for (auto& p : module.parameters())
        if (p.dim() == 4)
            p.set_data(
                torch::empty_like(p, p.options(), torch::MemoryFormat::ChannelsLast).copy_(p));
}

} // namespace resdense
