// The ResNets hand each block's output to the next block as two handles (TwoUses), so that the
// fused backward, not the autograd engine, adds the gradients of its two uses. The whole network
// must train exactly as with one tensor per block output.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/batch_norm_relu.h"
#include "models/cifar_resnet.h"
#include "models/net.h"
#include "models/resnet.h"
#include "resdense/model_spec.h"

using namespace resdense;

namespace {

template <typename M> M child(const torch::nn::Module& net, const std::string& name)
{
    for (const auto& item : net.named_children())
        if (item.key() == name)
            return M(std::dynamic_pointer_cast<typename M::Impl>(item.value()));
    ADD_FAILURE() << "no module " << name;
    return M(nullptr);
}

// The parameters' gradients after one backward pass, through the network's forward (two
// handles) or through the same layers chained by hand with one tensor per block output.
std::vector<torch::Tensor> gradients(Net& net, const torch::Tensor& x, const torch::Tensor& y,
                                     bool two_handles)
{
    net->zero_grad();
    torch::Tensor logits;
    if (two_handles) {
        logits = net->forward(x);
    } else {
        auto conv1 = child<torch::nn::Conv2d>(*net, "conv1");
        auto bn1 = child<torch::nn::BatchNorm2d>(*net, "bn1");
        torch::Tensor h = batch_norm_relu(bn1, conv1->forward(x));
        for (const auto& m : net->modules(/*include_self=*/false))
            if (auto block = std::dynamic_pointer_cast<CifarBasicBlockImpl>(m))
                h = block->forward(h);
            else if (auto block = std::dynamic_pointer_cast<ResNetBlockImpl>(m))
                h = block->forward(h);
        logits = child<torch::nn::Linear>(*net, "fc")
                     ->forward(torch::adaptive_avg_pool2d(h, {1, 1}).flatten(1));
    }
    torch::nn::functional::cross_entropy(logits, y).backward();
    std::vector<torch::Tensor> grads;
    for (const auto& p : net->parameters())
        grads.push_back(p.grad().clone());
    return grads;
}

void expect_two_handles_train_as_one_tensor(ModelSpec spec)
{
    spec.in_channels = 1;
    spec.channels_last = true;
    torch::manual_seed(4);
    Net net = make_model(spec);
    net->train();
    const auto x = torch::randn({8, 1, 12, 12}).contiguous(torch::MemoryFormat::ChannelsLast);
    const auto y = torch::randint(10, {8}, torch::kLong);
    // Every block's residual norm runs fused here, so the handles really are two outputs.
    const auto ours = gradients(net, x, y, true);
    const auto reference = gradients(net, x, y, false);
    ASSERT_EQ(ours.size(), reference.size());
    for (std::size_t i = 0; i < ours.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_GT(reference[i].abs().max().item<double>(), 0.0);
        EXPECT_TRUE(torch::allclose(ours[i], reference[i], 1e-4, 1e-6));
    }
}

} // namespace

TEST(ResNetTwoUses, CifarResNetTrainsAsWithOneTensor)
{
    expect_two_handles_train_as_one_tensor(model_spec("resnet20"));
}

TEST(ResNetTwoUses, TorchvisionResNetTrainsAsWithOneTensor)
{
    ModelSpec spec = model_spec("resnet18");
    spec.stem = Stem::Small; // no max-pool: the stem's output has two uses too
    spec.num_classes = 10;
    expect_two_handles_train_as_one_tensor(spec);
}
