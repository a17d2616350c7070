// The memory-efficient DenseNet (recomputing concatenations in backward) must train exactly like
// the plain one: same loss, same gradients, same batch-norm running statistics.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/autocast.h"
#include "models/densenet_efficient.h"
#include "models/net.h"
#include "resdense/model_spec.h"

using namespace resdense;

namespace {

struct Step {
    double loss;
    std::vector<torch::Tensor> grads, buffers;
};

Step train_step(ModelSpec spec, bool efficient, bool bf16)
{
    spec.memory_efficient = efficient;
    const std::int64_t recomputed_before = recomputed_layers();
    torch::manual_seed(7);
    auto net = make_model(spec);
    net->train();
    torch::manual_seed(8);
    const auto x = torch::randn({6, spec.in_channels, 16, 16});
    const auto y = torch::randint(spec.num_classes, {6}, torch::kLong);
    torch::Tensor logits;
    {
        AutocastGuard autocast(bf16, /*cuda=*/false);
        logits = net->forward(x);
    }
    auto loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat), y);
    loss.backward();
    // The efficient model really took the recomputing path, in every dense layer.
    const auto layers = static_cast<std::int64_t>(dense_blocks(spec).size()) *
                        static_cast<std::int64_t>(dense_blocks(spec).front());
    EXPECT_EQ(recomputed_layers() - recomputed_before, efficient ? layers : 0);
    Step s{loss.item<double>(), {}, {}};
    for (const auto& p : net->parameters())
        s.grads.push_back(p.grad().clone());
    for (const auto& b : net->buffers())
        s.buffers.push_back(b.clone());
    return s;
}

void expect_same(const Step& a, const Step& b, double tolerance)
{
    EXPECT_NEAR(a.loss, b.loss, tolerance);
    ASSERT_EQ(a.grads.size(), b.grads.size());
    for (std::size_t i = 0; i < a.grads.size(); ++i)
        EXPECT_TRUE(torch::allclose(a.grads[i], b.grads[i], tolerance, tolerance))
            << "gradient " << i << " differs by "
            << (a.grads[i] - b.grads[i]).abs().max().item<double>();
    ASSERT_EQ(a.buffers.size(), b.buffers.size());
    for (std::size_t i = 0; i < a.buffers.size(); ++i) // running stats updated exactly once
        EXPECT_TRUE(torch::allclose(a.buffers[i].to(torch::kDouble),
                                    b.buffers[i].to(torch::kDouble), 1e-6, 1e-6))
            << "buffer " << i;
}

ModelSpec small(const std::string& name, int depth)
{
    ModelSpec s = model_spec(name);
    s.depth = depth;
    s.in_channels = 1;
    return s;
}

} // namespace

TEST(DenseNetMemoryEfficient, BcGradientsMatchThePlainLayer)
{
    expect_same(train_step(small("densenet-bc", 16), false, false),
                train_step(small("densenet-bc", 16), true, false), 1e-5);
}

TEST(DenseNetMemoryEfficient, PlainDenseNetAndChannelsLastToo)
{
    ModelSpec s = small("densenet", 10);
    expect_same(train_step(s, false, false), train_step(s, true, false), 1e-5);
    s = small("densenet-bc", 16);
    s.channels_last = true;
    expect_same(train_step(s, false, false), train_step(s, true, false), 1e-5);
}

// Under bf16 autocast the recomputation runs in bf16 as the forward pass did.
TEST(DenseNetMemoryEfficient, Bf16RecomputesInBf16)
{
    const Step plain = train_step(small("densenet-bc", 16), false, true);
    const Step efficient = train_step(small("densenet-bc", 16), true, true);
    EXPECT_NEAR(plain.loss, efficient.loss, 1e-6);
    for (std::size_t i = 0; i < plain.grads.size(); ++i)
        EXPECT_TRUE(torch::allclose(plain.grads[i], efficient.grads[i], 1e-2, 1e-2)) << i;
}

TEST(DenseNetMemoryEfficient, StoredInTheSpec)
{
    ModelSpec s = model_spec("densenet-bc-100");
    s.memory_efficient = true;
    EXPECT_TRUE(spec_from_json(to_json(s)).memory_efficient);
    EXPECT_FALSE(spec_from_json(to_json(model_spec("densenet-bc-100"))).memory_efficient);
}
