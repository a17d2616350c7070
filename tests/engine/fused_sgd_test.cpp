// FusedSGD must be torch::optim::SGD, bit for bit: the same parameters after every step, the same
// momentum buffers, and a checkpoint either one can load.
#include <gtest/gtest.h>

#include <sstream>

#include <torch/torch.h>

#include "train/fused_sgd.h"

using namespace resdense;

namespace {

// A small conv net with NHWC 4-D weights (as the trainer's channels-last models) and biases.
torch::nn::Sequential small_net()
{
    torch::manual_seed(2);
    torch::nn::Sequential net(torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)),
                              torch::nn::BatchNorm2d(8), torch::nn::ReLU(),
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 4, 3)),
                              torch::nn::Flatten(), torch::nn::Linear(4 * 4 * 4, 400),
                              torch::nn::Linear(400, 5)); // 25,600 weights: split over threads
    torch::NoGradGuard no_grad;
    for (auto& p : net->parameters())
        if (p.dim() == 4)
            p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    return net;
}

template <typename Optim>
std::unique_ptr<torch::optim::Optimizer> make(torch::nn::Sequential& net,
                                              const torch::optim::SGDOptions& o)
{
    std::vector<torch::Tensor> decay, no_decay;
    for (auto& p : net->parameters())
        (p.dim() > 1 ? decay : no_decay).push_back(p);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::SGDOptions>(o));
    auto plain = std::make_unique<torch::optim::SGDOptions>(o);
    plain->weight_decay(0.0);
    groups.emplace_back(no_decay, std::move(plain));
    return std::make_unique<Optim>(std::move(groups), o);
}

void train(torch::nn::Sequential& net, torch::optim::Optimizer& opt, int steps, int seed)
{
    torch::manual_seed(seed);
    for (int i = 0; i < steps; ++i) {
        for (auto& p : net->parameters())
            p.mutable_grad().reset();
        const auto x = torch::randn({4, 3, 6, 6}).contiguous(torch::MemoryFormat::ChannelsLast);
        const auto y = torch::randint(5, {4}, torch::kLong);
        torch::nn::functional::cross_entropy(net->forward(x), y).backward();
        // Every gradient has its parameter's layout (NHWC for the 4-D weights): the fused pass,
        // not SGD's fallback operations, updates them all.
        for (auto& p : net->parameters())
            EXPECT_EQ(p.grad().strides(), p.strides());
        opt.step();
    }
}

void expect_same_parameters(torch::nn::Sequential& a, torch::nn::Sequential& b)
{
    const auto pa = a->parameters(), pb = b->parameters();
    ASSERT_EQ(pa.size(), pb.size());
    for (std::size_t i = 0; i < pa.size(); ++i)
        EXPECT_TRUE(torch::equal(pa[i], pb[i])) << "parameter " << i;
}

} // namespace

TEST(FusedSGD, SameBitsAsLibTorchSGD)
{
    const int threads_before = torch::get_num_threads();
    torch::set_num_threads(2);
    const std::vector<torch::optim::SGDOptions> cases{
        torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(5e-4),
        torch::optim::SGDOptions(0.05).momentum(0.9).nesterov(true).weight_decay(1e-3),
        torch::optim::SGDOptions(0.2).momentum(0.8).dampening(0.1),
        torch::optim::SGDOptions(0.3)}; // no momentum, no decay
    for (std::size_t k = 0; k < cases.size(); ++k) {
        SCOPED_TRACE(k);
        auto fused_net = small_net(), plain_net = small_net();
        auto fused = make<FusedSGD>(fused_net, cases[k]);
        auto plain = make<torch::optim::SGD>(plain_net, cases[k]);
        train(fused_net, *fused, 5, 9);
        train(plain_net, *plain, 5, 9);
        expect_same_parameters(fused_net, plain_net);
        EXPECT_EQ(fused->state().size(), plain->state().size());
        // The parameters really moved.
        EXPECT_FALSE(torch::equal(fused_net->parameters()[0], small_net()->parameters()[0]));
    }
    torch::set_num_threads(threads_before);
}

TEST(FusedSGD, CheckpointsLoadBothWays)
{
    const auto o = torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(5e-4);
    auto a_net = small_net(), b_net = small_net();
    auto a = make<FusedSGD>(a_net, o);
    train(a_net, *a, 3, 4);
    // Saved by FusedSGD, loaded by LibTorch's SGD (with the same parameter values), and both go on.
    std::ostringstream bytes;
    {
        torch::serialize::OutputArchive archive;
        a->save(archive);
        archive.save_to(bytes);
    }
    {
        torch::NoGradGuard no_grad;
        for (std::size_t i = 0; i < a_net->parameters().size(); ++i)
            b_net->parameters()[i].copy_(a_net->parameters()[i]);
    }
    auto b = make<torch::optim::SGD>(b_net, o);
    {
        std::istringstream in(bytes.str());
        torch::serialize::InputArchive archive;
        archive.load_from(in);
        b->load(archive);
    }
    EXPECT_EQ(b->state().size(), a->state().size());
    train(a_net, *a, 2, 5);
    train(b_net, *b, 2, 5);
    expect_same_parameters(a_net, b_net);
}
