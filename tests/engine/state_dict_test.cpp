#include <gtest/gtest.h>

#include <set>

#include <torch/torch.h>

#include "io/state_dict.h"
#include "models/net.h"
#include "resdense/error.h"

using namespace resdense;

namespace {

std::set<std::string> keys(const std::string& preset)
{
    std::set<std::string> out;
    for (const auto& [name, t] : state_dict(*make_model(model_spec(preset))))
        out.insert(name);
    return out;
}

std::string load_error(torch::nn::Module& into, const NamedTensors& state)
{
    try {
        load_state_dict(into, state, "weights.pth");
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(StateDict, ResNet18HasTorchvisionNames)
{
    const auto k = keys("resnet18");
    EXPECT_EQ(k.size(), 122u); // len(torchvision.models.resnet18().state_dict())
    for (const char* name :
         {"conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
          "bn1.num_batches_tracked", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
          "layer2.0.downsample.1.running_var", "layer4.1.bn2.bias", "fc.weight", "fc.bias"})
        EXPECT_TRUE(k.count(name)) << name;
    EXPECT_FALSE(k.count("layer1.0.downsample.0.weight"));
}

TEST(StateDict, ResNet50HasBottleneckNames)
{
    const auto k = keys("resnet50");
    EXPECT_TRUE(k.count("layer1.0.conv3.weight"));
    EXPECT_TRUE(k.count("layer1.0.downsample.0.weight")); // 64 -> 256 channels
    EXPECT_TRUE(k.count("layer4.2.bn3.num_batches_tracked"));
}

TEST(StateDict, DenseNet121HasTorchvisionNames)
{
    const auto k = keys("densenet121");
    for (const char* name :
         {"features.conv0.weight", "features.norm0.running_mean",
          "features.denseblock1.denselayer1.norm1.weight",
          "features.denseblock1.denselayer1.conv1.weight",
          "features.denseblock1.denselayer1.norm2.bias",
          "features.denseblock1.denselayer6.conv2.weight", "features.transition1.norm.weight",
          "features.transition1.conv.weight", "features.denseblock4.denselayer16.conv2.weight",
          "features.norm5.weight", "classifier.weight", "classifier.bias"})
        EXPECT_TRUE(k.count(name)) << name;
    EXPECT_FALSE(k.count("features.transition4.conv.weight"));
}

TEST(StateDict, RoundTripCopiesEverything)
{
    torch::manual_seed(1);
    Net a = make_model(model_spec("resnet20"));
    torch::manual_seed(2);
    Net b = make_model(model_spec("resnet20"));
    load_state_dict(*b, state_dict(*a), "test");
    const auto sa = state_dict(*a), sb = state_dict(*b);
    ASSERT_EQ(sa.size(), sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i)
        EXPECT_TRUE(torch::equal(sa[i].second, sb[i].second)) << sa[i].first;
}

TEST(StateDict, AnotherArchitectureIsRefusedWithNamesAndNothingLoaded)
{
    Net r20 = make_model(model_spec("resnet20"));
    Net r32 = make_model(model_spec("resnet32"));
    const auto before = r32->named_parameters()["conv1.weight"].clone();
    const std::string msg = load_error(*r32, state_dict(*r20));
    EXPECT_NE(msg.find("weights.pth does not fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("missing"), std::string::npos) << msg;
    EXPECT_NE(msg.find("layer1.3.conv1.weight"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Nothing was loaded"), std::string::npos) << msg;
    // conv1.weight has the same shape in both: a half-load would have overwritten it.
    EXPECT_TRUE(torch::equal(before, r32->named_parameters()["conv1.weight"]));
}

TEST(StateDict, UnexpectedAndMisShapedKeysAreNamed)
{
    auto spec = model_spec("resnet18");
    Net thousand = make_model(spec);
    spec.num_classes = 10;
    Net ten = make_model(spec);
    auto state = state_dict(*thousand);
    state.emplace_back("extra.weight", torch::zeros({1}));
    const std::string msg = load_error(*ten, state);
    EXPECT_NE(msg.find("unexpected 1 (extra.weight)"), std::string::npos) << msg;
    EXPECT_NE(
        msg.find("mis-shaped 2 (fc.weight [1000, 512] where the model has [10, 512], fc.bias"),
        std::string::npos)
        << msg;
}
