#include "models/norm/fused_norm_autograd.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "models/norm/batch_norm_math.h"
#include "models/norm/norm_kernels.h"
#include "models/norm/row_chunks.h"

namespace resdense::detail {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;
using namespace norm_kernels;

// The output gradients of a fused function: {gy, gy2 or undefined}, in x's type and layout. An
// output with two uses has two handles (second_handle) and so two gradients, either of which
// may be undefined (grads are not materialised): the kernels sum them as they read them.
std::pair<torch::Tensor, torch::Tensor> output_grads(const variable_list& grads,
                                                     const torch::Tensor& x)
{
    const auto like_x = [&](const torch::Tensor& g) {
        return g.defined() ? g.to(x.scalar_type()).contiguous(torch::MemoryFormat::ChannelsLast)
                           : g;
    };
    torch::Tensor gy = like_x(grads[0]);
    torch::Tensor gy2 = grads.size() > 1 ? like_x(grads[1]) : torch::Tensor();
    if (!gy.defined())
        std::swap(gy, gy2);
    return {gy, gy2};
}

// A second tensor on y's memory that autograd treats as an output of its own, not a view (a
// view would send its gradient through y's and bring the addition back).
torch::Tensor second_handle(const torch::Tensor& y)
{
    return torch::empty({0}, y.options())
        .set_(y.storage(), y.storage_offset(), y.sizes(), y.strides());
}

} // namespace

variable_list BatchNormReluFunction::forward(AutogradContext* ctx, const torch::Tensor& input,
                                             const torch::Tensor& weight, const torch::Tensor& bias,
                                             const torch::Tensor& running_mean,
                                             const torch::Tensor& running_var, double momentum,
                                             double eps, bool two_uses)
{
    const torch::Tensor x = input.contiguous(torch::MemoryFormat::ChannelsLast);
    const RowChunks rc(x);
    const Stats s = batch_stats(x, rc, eps);
    update_running(running_mean, running_var, s, rc.rows(), momentum);

    std::vector<float> a, b;
    affine(to_vector(weight), to_vector(bias), s.mean, s.invstd, a, b);
    const std::vector<float> at = rc.tiled(a), bt = rc.tiled(b);
    torch::Tensor y = torch::empty_like(x, x.options(), torch::MemoryFormat::ChannelsLast);
    rc.run([&](std::int64_t, std::int64_t first, std::int64_t count) {
        if (is_bf16(x))
            forward_bf16(bf16_data(x) + first, bf16_data(y) + first, count, rc.tile(), at.data(),
                         bt.data());
        else
            forward_f32(x.data_ptr<float>() + first, y.data_ptr<float>() + first, count, rc.tile(),
                        at.data(), bt.data());
    });
    ctx->save_for_backward({x, weight, bias});
    ctx->saved_data["mean"] = std::vector<double>(s.mean.begin(), s.mean.end());
    ctx->saved_data["invstd"] = std::vector<double>(s.invstd.begin(), s.invstd.end());
    ctx->set_materialize_grads(false);
    if (two_uses)
        return {y, second_handle(y)};
    return {y};
}

variable_list BatchNormReluFunction::backward(AutogradContext* ctx, variable_list grad_outputs)
{
    const variable_list saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const std::vector<float> weight = to_vector(saved[1]);
    const std::vector<float> mean = to_floats(ctx->saved_data["mean"].toDoubleVector());
    const std::vector<float> invstd = to_floats(ctx->saved_data["invstd"].toDoubleVector());
    const auto [gy, gy2] = output_grads(grad_outputs, x);
    if (!gy.defined())
        return variable_list(8);
    const RowChunks rc(x);
    std::vector<float> a, b;
    affine(weight, to_vector(saved[2]), mean, invstd, a, b);
    const std::vector<float> at = rc.tiled(a), bt = rc.tiled(b), mean_t = rc.tiled(mean);

    const std::vector<double> total =
        rc.sum_pairs([&](std::int64_t first, std::int64_t count, float* acc, double* sums) {
            if (is_bf16(x))
                reduce_bf16(bf16_data(x) + first, bf16_data(gy) + first,
                            offset(data_or_null<std::uint16_t>(gy2), first), count, rc.tile(),
                            at.data(), bt.data(), mean_t.data(), acc, sums);
            else
                reduce_f32(x.data_ptr<float>() + first, gy.data_ptr<float>() + first,
                           offset(data_or_null<float>(gy2), first), count, rc.tile(), at.data(),
                           bt.data(), mean_t.data(), acc, sums);
        });

    const InputGradient ig = input_gradient(total, weight, mean, invstd, rc.rows());
    const std::vector<float> kt = rc.tiled(ig.k), pt = rc.tiled(ig.p), qt = rc.tiled(ig.q);
    torch::Tensor dx = torch::empty_like(x, x.options(), torch::MemoryFormat::ChannelsLast);
    rc.run([&](std::int64_t, std::int64_t first, std::int64_t count) {
        if (is_bf16(x))
            grad_bf16(bf16_data(x) + first, bf16_data(gy) + first,
                      offset(data_or_null<std::uint16_t>(gy2), first), bf16_data(dx) + first, count,
                      rc.tile(), at.data(), bt.data(), kt.data(), pt.data(), qt.data());
        else
            grad_f32(x.data_ptr<float>() + first, gy.data_ptr<float>() + first,
                     offset(data_or_null<float>(gy2), first), dx.data_ptr<float>() + first, count,
                     rc.tile(), at.data(), bt.data(), kt.data(), pt.data(), qt.data());
    });
    return {dx,
            floats(ig.grad_weight, saved[1].scalar_type()),
            floats(ig.grad_bias, saved[2].scalar_type()),
            {},
            {},
            {},
            {},
            {}};
}

variable_list BatchNormAddReluFunction::forward(
    AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& identity_input,
    const torch::Tensor& weight, const torch::Tensor& bias, const torch::Tensor& running_mean,
    const torch::Tensor& running_var, double momentum, double eps, bool two_uses)
{
    const torch::Tensor x = input.contiguous(torch::MemoryFormat::ChannelsLast);
    const torch::Tensor identity =
        identity_input.to(x.scalar_type()).contiguous(torch::MemoryFormat::ChannelsLast);
    const RowChunks rc(x);
    const Stats s = batch_stats(x, rc, eps);
    update_running(running_mean, running_var, s, rc.rows(), momentum);

    std::vector<float> a, b;
    affine(to_vector(weight), to_vector(bias), s.mean, s.invstd, a, b);
    const std::vector<float> at = rc.tiled(a), bt = rc.tiled(b);
    torch::Tensor y = torch::empty_like(x, x.options(), torch::MemoryFormat::ChannelsLast);
    rc.run([&](std::int64_t, std::int64_t first, std::int64_t count) {
        if (is_bf16(x))
            forward_add_bf16(bf16_data(x) + first, bf16_data(identity) + first,
                             bf16_data(y) + first, count, rc.tile(), at.data(), bt.data());
        else
            forward_add_f32(x.data_ptr<float>() + first, identity.data_ptr<float>() + first,
                            y.data_ptr<float>() + first, count, rc.tile(), at.data(), bt.data());
    });
    // The output is kept for the ReLU mask: the next block keeps it anyway, as its input.
    ctx->save_for_backward({x, y, weight, bias});
    ctx->saved_data["mean"] = std::vector<double>(s.mean.begin(), s.mean.end());
    ctx->saved_data["invstd"] = std::vector<double>(s.invstd.begin(), s.invstd.end());
    ctx->saved_data["identity_type"] = static_cast<std::int64_t>(identity_input.scalar_type());
    ctx->set_materialize_grads(false);
    if (two_uses)
        return {y, second_handle(y)};
    return {y};
}

variable_list BatchNormAddReluFunction::backward(AutogradContext* ctx, variable_list grad_outputs)
{
    const variable_list saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& y = saved[1];
    const std::vector<float> weight = to_vector(saved[2]);
    const std::vector<float> mean = to_floats(ctx->saved_data["mean"].toDoubleVector());
    const std::vector<float> invstd = to_floats(ctx->saved_data["invstd"].toDoubleVector());
    const auto [gy, gy2] = output_grads(grad_outputs, x);
    if (!gy.defined())
        return variable_list(9);
    const RowChunks rc(x);
    const std::vector<float> mean_t = rc.tiled(mean);

    torch::Tensor g = torch::empty_like(x, x.options(), torch::MemoryFormat::ChannelsLast);
    const std::vector<double> total = rc.sum_pairs([&](std::int64_t first, std::int64_t count,
                                                       float* acc, double* sums) {
        if (is_bf16(x))
            reduce_add_bf16(bf16_data(x) + first, bf16_data(y) + first, bf16_data(gy) + first,
                            offset(data_or_null<std::uint16_t>(gy2), first), bf16_data(g) + first,
                            count, rc.tile(), mean_t.data(), acc, sums);
        else
            reduce_add_f32(x.data_ptr<float>() + first, y.data_ptr<float>() + first,
                           gy.data_ptr<float>() + first, offset(data_or_null<float>(gy2), first),
                           g.data_ptr<float>() + first, count, rc.tile(), mean_t.data(), acc, sums);
    });
    const InputGradient ig = input_gradient(total, weight, mean, invstd, rc.rows());
    const std::vector<float> kt = rc.tiled(ig.k), pt = rc.tiled(ig.p), qt = rc.tiled(ig.q);
    torch::Tensor dx = torch::empty_like(x, x.options(), torch::MemoryFormat::ChannelsLast);
    rc.run([&](std::int64_t, std::int64_t first, std::int64_t count) {
        if (is_bf16(x))
            grad_masked_bf16(bf16_data(x) + first, bf16_data(g) + first, bf16_data(dx) + first,
                             count, rc.tile(), kt.data(), pt.data(), qt.data());
        else
            grad_masked_f32(x.data_ptr<float>() + first, g.data_ptr<float>() + first,
                            dx.data_ptr<float>() + first, count, rc.tile(), kt.data(), pt.data(),
                            qt.data());
    });
    const auto identity_type =
        static_cast<torch::ScalarType>(ctx->saved_data["identity_type"].toInt());
    return {dx,
            g.to(identity_type),
            floats(ig.grad_weight, saved[2].scalar_type()),
            floats(ig.grad_bias, saved[3].scalar_type()),
            {},
            {},
            {},
            {},
            {}};
}

} // namespace resdense::detail
