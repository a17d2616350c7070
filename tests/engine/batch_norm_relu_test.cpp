// The fused batch norm + ReLU (and batch norm + shortcut + ReLU) must compute what the separate
// layers compute: the output, the gradients of input, shortcut, weight and bias, the running
// statistics and the batch count.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/batch_norm_relu.h"
#include "models/batch_norm_relu_training.h"
#include "models/norm/fused_batch_norm.h"
#include "models/norm/fusion_policy.h"
#include "resdense/build_info.h"

using namespace resdense;

namespace {

struct Result {
    torch::Tensor y, dx, dw, db, running_mean, running_var, d_identity;
};

struct Case {
    std::int64_t n, c, h, w;
    torch::ScalarType type;
    bool residual = false; // relu(norm(x) + identity)
};

torch::Tensor channels_last(const torch::Tensor& t)
{
    return torch::empty_like(t, t.options(), torch::MemoryFormat::ChannelsLast).copy_(t);
}

// The fused kernels whatever this machine's measured policy would choose for a test's shape.
struct AlwaysFused {
    AlwaysFused() { resdense::detail::set_fusion_mode_for_tests("always"); }
    ~AlwaysFused() { resdense::detail::set_fusion_mode_for_tests(nullptr); }
    AlwaysFused(const AlwaysFused&) = delete;
    AlwaysFused& operator=(const AlwaysFused&) = delete;
};

// One forward and backward pass through either the fused function or the separate layers.
Result run(const Case& k, bool fused)
{
    const AlwaysFused always;
    torch::manual_seed(3);
    // A large mean and scale per channel: the variance must not suffer from cancellation.
    const auto x0 = torch::randn({k.n, k.c, k.h, k.w}) * 3.0 + 20.0;
    auto weight = (torch::rand({k.c}) + 0.5).requires_grad_();
    auto bias = torch::randn({k.c}).requires_grad_();
    auto running_mean = torch::randn({k.c});
    auto running_var = torch::rand({k.c}) + 0.5;
    // The separate layers compute in float on the very same (bfloat16-representable) values: the
    // reference for bfloat16 storage with float arithmetic, which is what the fused kernel does.
    const auto as_used = [&](const torch::Tensor& t) {
        return channels_last(fused ? t.to(k.type) : t.to(k.type).to(torch::kFloat));
    };
    auto x = as_used(x0).requires_grad_();
    auto identity = as_used(torch::randn({k.n, k.c, k.h, k.w})).requires_grad_();
    const auto upstream = as_used(torch::randn({k.n, k.c, k.h, k.w}));
    torch::Tensor y;
    if (k.residual) {
        torch::nn::BatchNorm2d norm(k.c);
        norm->weight.set_data(weight.detach().clone());
        norm->bias.set_data(bias.detach().clone());
        norm->running_mean.copy_(running_mean);
        norm->running_var.copy_(running_var);
        y = fused ? resdense::detail::fused_batch_norm_add_relu(norm, x, identity)
                  : torch::relu(norm->forward(x) + identity);
        y.backward(upstream);
        EXPECT_EQ(norm->num_batches_tracked.item<std::int64_t>(), 1);
        return {y.detach().to(torch::kFloat),
                x.grad().to(torch::kFloat),
                norm->weight.grad(),
                norm->bias.grad(),
                norm->running_mean,
                norm->running_var,
                identity.grad().to(torch::kFloat)};
    }
    y = fused ? batch_norm_relu_training(x, weight, bias, running_mean, running_var, 0.1, 1e-5)
              : torch::relu(torch::batch_norm(x, weight, bias, running_mean, running_var,
                                              /*training=*/true, 0.1, 1e-5,
                                              /*cudnn_enabled=*/false));
    y.backward(upstream);
    return {y.detach().to(torch::kFloat),
            x.grad().to(torch::kFloat),
            weight.grad(),
            bias.grad(),
            running_mean,
            running_var,
            {}};
}

void expect_close(const torch::Tensor& a, const torch::Tensor& b, double rtol, double atol,
                  const char* what)
{
    const double scale = b.abs().max().item<double>();
    const double error = (a - b).abs().max().item<double>();
    EXPECT_LE(error, atol + rtol * scale) << what << ": max error " << error << ", scale " << scale;
}

void expect_same_as_separate_layers(const Case& k, double rtol, double atol)
{
    const Result fused = run(k, true);
    const Result plain = run(k, false);
    const auto check = [&](const torch::Tensor& a, const torch::Tensor& b, const char* what) {
        expect_close(a, b, rtol, atol, what);
    };
    check(fused.y, plain.y, "output");
    check(fused.dx, plain.dx, "input gradient");
    check(fused.dw, plain.dw, "weight gradient");
    check(fused.db, plain.db, "bias gradient");
    if (k.residual)
        check(fused.d_identity, plain.d_identity, "shortcut gradient");
    expect_close(fused.running_mean, plain.running_mean, 1e-6, 1e-5, "running mean");
    expect_close(fused.running_var, plain.running_var, 1e-5, 1e-5, "running variance");
    // Some outputs were cut by the ReLU, some passed: both branches of the mask were exercised.
    const double zeros = (plain.y == 0).to(torch::kFloat).mean().item<double>();
    EXPECT_GT(zeros, 0.2);
    EXPECT_LT(zeros, 0.8);
}

} // namespace

TEST(BatchNormRelu, TheFusedKernelTakesChannelsLastCpuTensorsOnly)
{
    using resdense::detail::fused_batch_norm_relu_applies;
    using resdense::detail::fused_kernel_supports;
    const auto w = torch::ones({8});
    const auto nchw = torch::randn({2, 8, 5, 5});
    EXPECT_FALSE(fused_kernel_supports(nchw, w));
    EXPECT_FALSE(fused_batch_norm_relu_applies(nchw, w)); // whatever the policy
    EXPECT_TRUE(fused_kernel_supports(channels_last(nchw), w));
    EXPECT_TRUE(fused_kernel_supports(channels_last(nchw).to(torch::kBFloat16), w));
    EXPECT_FALSE(fused_kernel_supports(channels_last(nchw).to(torch::kDouble), w));
    EXPECT_FALSE(fused_batch_norm_relu_applies(channels_last(nchw).to(torch::kDouble), w));
    EXPECT_FALSE(fused_kernel_supports(channels_last(nchw), torch::ones({8}, torch::kDouble)));
}

// RESDENSE_FUSED_BATCH_NORM=rule: the fixed rule measured on AVX-512 BF16.
TEST(BatchNormRelu, TheFixedRuleFusesUnalignedChannelsAndLargeBf16Maps)
{
    using resdense::detail::fused_norm_rule;
    EXPECT_TRUE(fused_norm_rule(channels_last(torch::randn({2, 8, 5, 5}))));
    // Channels filling 16-float vectors: LibTorch's own kernels were as fast in fp32 and on
    // small bf16 maps; large bf16 maps are fused.
    const auto aligned = channels_last(torch::randn({128, 32, 14, 14}));
    EXPECT_FALSE(fused_norm_rule(aligned));
    EXPECT_TRUE(fused_norm_rule(aligned.to(torch::kBFloat16)));
    EXPECT_FALSE(fused_norm_rule(aligned.slice(0, 0, 16).to(torch::kBFloat16)));
}

TEST(BatchNormRelu, Float32MatchesTheSeparateLayers)
{
    // Channel counts that fill no vector register exactly; rows that fill no tile exactly.
    expect_same_as_separate_layers({4, 24, 5, 5, torch::kFloat}, 1e-4, 1e-5);
    expect_same_as_separate_layers({3, 37, 7, 9, torch::kFloat}, 1e-4, 1e-5);
    expect_same_as_separate_layers({16, 20, 14, 14, torch::kFloat}, 1e-4, 1e-5);
}

TEST(BatchNormRelu, BFloat16MatchesTheSeparateLayers)
{
    // bfloat16 keeps 8 significant bits: a stored result is within 2^-8 of its size.
    expect_same_as_separate_layers({4, 24, 5, 5, torch::kBFloat16}, 2e-2, 2e-2);
    expect_same_as_separate_layers({8, 60, 7, 7, torch::kBFloat16}, 2e-2, 2e-2);
}

// The kernels split their rows over LibTorch's threads; every test above runs on one.
TEST(BatchNormRelu, TwoThreadsMatchTheSeparateLayers)
{
    const int before = torch::get_num_threads();
    set_threads(2);
    // The engine's loops really run on both threads (the engine is compiled with OpenMP).
    EXPECT_EQ(engine_loop_threads(), 2);
    // 3,136 and 1,568 rows: two chunks of rows each, summed in chunk order.
    expect_same_as_separate_layers({16, 20, 14, 14, torch::kFloat}, 1e-4, 1e-5);
    expect_same_as_separate_layers({8, 36, 14, 14, torch::kBFloat16}, 2e-2, 2e-2);
    expect_same_as_separate_layers({16, 32, 14, 14, torch::kFloat, true}, 1e-4, 1e-5);
    set_threads(before);
}

TEST(BatchNormRelu, SameInputSameBits)
{
    const Case k{8, 36, 9, 9, torch::kFloat};
    const Result a = run(k, true);
    const Result b = run(k, true);
    EXPECT_TRUE(torch::equal(a.y, b.y));
    EXPECT_TRUE(torch::equal(a.dx, b.dx));
    EXPECT_TRUE(torch::equal(a.dw, b.dw));
    EXPECT_TRUE(torch::equal(a.running_var, b.running_var));
}

TEST(BatchNormRelu, ModuleFormCountsBatchesAndFollowsTrainAndEval)
{
    torch::manual_seed(5);
    torch::nn::BatchNorm2d fused_norm(12), plain_norm(12);
    const auto x = channels_last(torch::randn({4, 12, 6, 6}) * 2.0 + 1.0);
    for (int step = 0; step < 3; ++step) {
        const auto a = batch_norm_relu(fused_norm, x);
        const auto b = torch::relu(plain_norm->forward(x));
        EXPECT_TRUE(torch::allclose(a, b, 1e-4, 1e-5));
    }
    EXPECT_EQ(fused_norm->num_batches_tracked.item<std::int64_t>(), 3);
    EXPECT_TRUE(torch::allclose(fused_norm->running_mean, plain_norm->running_mean, 1e-5, 1e-6));
    EXPECT_TRUE(torch::allclose(fused_norm->running_var, plain_norm->running_var, 1e-5, 1e-6));

    fused_norm->eval();
    plain_norm->eval();
    EXPECT_TRUE(torch::allclose(batch_norm_relu(fused_norm, x), torch::relu(plain_norm->forward(x)),
                                1e-5, 1e-6));
    EXPECT_EQ(fused_norm->num_batches_tracked.item<std::int64_t>(), 3); // eval counts nothing
}

TEST(BatchNormRelu, ResidualFormMatchesTheSeparateLayers)
{
    expect_same_as_separate_layers({4, 24, 5, 5, torch::kFloat, true}, 1e-4, 1e-5);
    expect_same_as_separate_layers({3, 37, 7, 9, torch::kFloat, true}, 1e-4, 1e-5);
    expect_same_as_separate_layers({8, 32, 7, 7, torch::kBFloat16, true}, 2e-2, 2e-2);
}

namespace {

// x's, the weight's and the shortcut's gradients when the output is used twice, by
// loss = sum(first * u1) + sum(second * u2): through TwoUses (two handles, summed in the fused
// backward) or through one tensor used twice (summed by the autograd engine).
struct TwoUseGrads {
    torch::Tensor dx, dw, d_identity;
    bool shared_memory = false;
};

TwoUseGrads two_use_grads(bool residual, bool handles, bool use_first, bool use_second)
{
    const AlwaysFused always;
    torch::manual_seed(11);
    torch::nn::BatchNorm2d norm(20);
    auto x = channels_last(torch::randn({6, 20, 5, 5}) * 2.0 + 1.0).requires_grad_();
    auto identity = channels_last(torch::randn({6, 20, 5, 5})).requires_grad_();
    const auto u1 = torch::randn({6, 20, 5, 5});
    const auto u2 = torch::randn({6, 20, 5, 5});
    TwoUses out;
    if (handles)
        out = residual ? resdense::detail::fused_batch_norm_add_relu_two_uses(norm, x, identity)
                       : batch_norm_relu_two_uses(norm, x);
    else {
        const auto y = residual ? resdense::detail::fused_batch_norm_add_relu(norm, x, identity)
                                : batch_norm_relu(norm, x);
        out = {y, y};
    }
    torch::Tensor loss = torch::zeros({});
    if (use_first)
        loss = loss + (out.main * u1).sum();
    if (use_second)
        loss = loss + (out.shortcut * u2).sum();
    loss.backward();
    return {x.grad(), norm->weight.grad(), residual ? identity.grad() : torch::Tensor(),
            out.main.data_ptr() == out.shortcut.data_ptr()};
}

} // namespace

TEST(BatchNormRelu, TwoUsesAddTheirGradientsInTheFusedBackward)
{
    for (const bool residual : {false, true}) {
        // Both handles used, or only one of them (the other's gradient stays undefined).
        for (const auto& [first, second] : {std::pair{true, true}, {true, false}, {false, true}}) {
            SCOPED_TRACE(testing::Message()
                         << "residual " << residual << ", uses " << first << second);
            const TwoUseGrads a = two_use_grads(residual, true, first, second);
            const TwoUseGrads b = two_use_grads(residual, false, first, second);
            EXPECT_TRUE(a.shared_memory);
            EXPECT_TRUE(torch::allclose(a.dx, b.dx, 1e-4, 1e-5));
            EXPECT_TRUE(torch::allclose(a.dw, b.dw, 1e-4, 1e-5));
            if (residual) {
                EXPECT_TRUE(torch::allclose(a.d_identity, b.d_identity, 1e-4, 1e-5));
            }
            EXPECT_GT(a.dx.abs().max().item<double>(), 0.0);
        }
    }
}
