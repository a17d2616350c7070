#include "models/batch_norm_relu.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include "models/layer_probe.h"
#include "models/norm_kernels.h"

namespace resdense {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;
using namespace norm_kernels;

// A channels-last tensor seen as rows of C channels, cut into one chunk of whole rows per
// thread (a fixed split for a given thread count, so that sums add in the same order every
// time: same seed, same results).
class RowChunks {
public:
    explicit RowChunks(const torch::Tensor& x)
        : m_channels(x.size(1)), m_rows(x.numel() / x.size(1)),
          m_tile(std::max<std::int64_t>(1, kTile / m_channels) * m_channels),
          m_chunks(std::clamp<std::int64_t>(m_rows / 256, 1, std::max(1, at::get_num_threads())))
    {
    }
    std::int64_t channels() const { return m_channels; }
    std::int64_t rows() const { return m_rows; }
    std::int64_t tile() const { return m_tile; }

    // Runs f(chunk, first_value, value_count) on every chunk, in parallel.
    template <typename F> void run(const F& f) const
    {
        at::parallel_for(0, m_chunks, 1, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const std::int64_t first = m_rows * i / m_chunks;
                const std::int64_t last = m_rows * (i + 1) / m_chunks;
                f(i, first * m_channels, (last - first) * m_channels);
            }
        });
    }

    // A per-channel vector repeated across a tile.
    std::vector<float> tiled(const std::vector<float>& v) const
    {
        std::vector<float> t(static_cast<std::size_t>(m_tile));
        for (std::size_t j = 0; j < t.size(); ++j)
            t[j] = v[j % v.size()];
        return t;
    }

    // Two sums per tile position, computed per chunk by f(chunk values, float scratch, double
    // sums) and added up per channel in chunk order: {first sum by channel, second by channel}.
    template <typename F> std::vector<double> sum_pairs(const F& f) const
    {
        const auto width = static_cast<std::size_t>(2 * m_tile);
        std::vector<double> partial(static_cast<std::size_t>(m_chunks) * width, 0.0);
        run([&](std::int64_t i, std::int64_t first, std::int64_t count) {
            std::vector<float> scratch(width, 0.0f);
            f(first, count, scratch.data(), partial.data() + static_cast<std::size_t>(i) * width);
        });
        const auto C = static_cast<std::size_t>(m_channels);
        std::vector<double> total(2 * C, 0.0);
        for (std::size_t i = 0; i < static_cast<std::size_t>(m_chunks); ++i)
            for (std::size_t j = 0; j < width; ++j)
                total[(j / static_cast<std::size_t>(m_tile)) * C + j % C] += partial[i * width + j];
        return total;
    }

private:
    std::int64_t m_channels, m_rows, m_tile, m_chunks;
};

// Small per-channel vectors move between tensors and std::vector by plain copies: a dozen tiny
// ATen operations per layer would cost more than the kernels save on small feature maps.
torch::Tensor floats(const std::vector<float>& v, torch::ScalarType type)
{
    torch::Tensor t = torch::empty({static_cast<std::int64_t>(v.size())}, torch::kFloat);
    std::copy(v.begin(), v.end(), t.data_ptr<float>());
    return type == torch::kFloat ? t : t.to(type);
}

std::vector<float> to_vector(const torch::Tensor& t)
{
    const torch::Tensor f = t.scalar_type() == torch::kFloat && t.is_contiguous()
                                ? t
                                : t.detach().to(torch::kFloat).contiguous();
    return std::vector<float>(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
}

std::vector<float> to_floats(const std::vector<double>& v)
{
    return std::vector<float>(v.begin(), v.end());
}

bool is_bf16(const torch::Tensor& t)
{
    return t.scalar_type() == torch::kBFloat16;
}

const std::uint16_t* bf16_data(const torch::Tensor& t)
{
    return reinterpret_cast<const std::uint16_t*>(t.data_ptr<at::BFloat16>());
}
std::uint16_t* bf16_data(torch::Tensor& t)
{
    return reinterpret_cast<std::uint16_t*>(t.data_ptr<at::BFloat16>());
}

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

template <typename T> const T* offset(const T* p, std::int64_t n)
{
    return p ? p + n : nullptr;
}

template <typename T> const T* data_or_null(const torch::Tensor& t)
{
    if (!t.defined())
        return nullptr;
    if constexpr (std::is_same_v<T, std::uint16_t>)
        return bf16_data(t);
    else
        return t.data_ptr<float>();
}

struct Stats {
    std::vector<float> mean, invstd;
    std::vector<double> var; // biased
};

Stats batch_stats(const torch::Tensor& x, const RowChunks& rc, double eps)
{
    // Sums shifted by the first row keep the variance exact when the mean is large.
    const auto C = static_cast<std::size_t>(rc.channels());
    std::vector<float> first_row(C);
    for (std::size_t c = 0; c < C; ++c)
        first_row[c] = is_bf16(x) ? load(bf16_data(x)[c]) : x.data_ptr<float>()[c];
    const std::vector<float> shift = rc.tiled(first_row);
    const std::vector<double> total =
        rc.sum_pairs([&](std::int64_t first, std::int64_t count, float* acc, double* sums) {
            if (is_bf16(x))
                stats_bf16(bf16_data(x) + first, count, rc.tile(), shift.data(), acc, sums);
            else
                stats_f32(x.data_ptr<float>() + first, count, rc.tile(), shift.data(), acc, sums);
        });
    Stats s;
    s.mean.resize(C);
    s.invstd.resize(C);
    s.var.resize(C);
    const auto n = static_cast<double>(rc.rows());
    for (std::size_t c = 0; c < C; ++c) {
        const double m = total[c] / n;
        const double var = std::max(total[C + c] / n - m * m, 0.0);
        s.mean[c] = static_cast<float>(first_row[c] + m);
        s.var[c] = var;
        s.invstd[c] = static_cast<float>(1.0 / std::sqrt(var + eps));
    }
    return s;
}

void update_running(const torch::Tensor& running_mean, const torch::Tensor& running_var,
                    const Stats& s, std::int64_t rows, double momentum)
{
    if (running_mean.numel() == 0 || running_var.numel() == 0)
        return;
    torch::NoGradGuard no_grad;
    const double correction = static_cast<double>(rows) / static_cast<double>(rows - 1);
    const auto C = s.var.size();
    if (running_mean.scalar_type() == torch::kFloat && running_var.scalar_type() == torch::kFloat &&
        running_mean.is_contiguous() && running_var.is_contiguous()) {
        float* rm = running_mean.data_ptr<float>();
        float* rv = running_var.data_ptr<float>();
        for (std::size_t c = 0; c < C; ++c) {
            rm[c] = static_cast<float>((1.0 - momentum) * rm[c] + momentum * s.mean[c]);
            rv[c] = static_cast<float>((1.0 - momentum) * rv[c] + momentum * s.var[c] * correction);
        }
        return;
    }
    std::vector<float> unbiased(C);
    for (std::size_t c = 0; c < C; ++c)
        unbiased[c] = static_cast<float>(s.var[c] * correction);
    running_mean.mul_(1.0 - momentum).add_(floats(s.mean, running_mean.scalar_type()), momentum);
    running_var.mul_(1.0 - momentum).add_(floats(unbiased, running_var.scalar_type()), momentum);
}

// a and b of z = x * a + b, the normalised, scaled and shifted input.
void affine(const std::vector<float>& weight, const std::vector<float>& bias,
            const std::vector<float>& mean, const std::vector<float>& invstd, std::vector<float>& a,
            std::vector<float>& b)
{
    a.resize(weight.size());
    b.resize(weight.size());
    for (std::size_t c = 0; c < weight.size(); ++c) {
        a[c] = weight[c] * invstd[c];
        b[c] = bias[c] - mean[c] * a[c];
    }
}

// Per-channel factors of the batch-norm input gradient, dx = k * g + p * x + q, from the sums
// of g and of g * (x - mean); also the weight and bias gradients.
struct InputGradient {
    std::vector<float> grad_weight, grad_bias, k, p, q;
};

InputGradient input_gradient(const std::vector<double>& total, const std::vector<float>& weight,
                             const std::vector<float>& mean, const std::vector<float>& invstd,
                             std::int64_t rows)
{
    // d bias = sum g, d weight = sum g * xhat; d x = w * invstd * (g - mean(g) - xhat *
    // mean(g * xhat)).
    const std::size_t C = weight.size();
    InputGradient r{std::vector<float>(C), std::vector<float>(C), std::vector<float>(C),
                    std::vector<float>(C), std::vector<float>(C)};
    const auto n = static_cast<double>(rows);
    for (std::size_t c = 0; c < C; ++c) {
        const double sum_g = total[c];
        const double sum_g_xhat = total[C + c] * invstd[c];
        r.grad_bias[c] = static_cast<float>(sum_g);
        r.grad_weight[c] = static_cast<float>(sum_g_xhat);
        const double kc = static_cast<double>(weight[c]) * invstd[c];
        const double pc = -kc * invstd[c] * sum_g_xhat / n;
        r.k[c] = static_cast<float>(kc);
        r.p[c] = static_cast<float>(pc);
        r.q[c] = static_cast<float>(-kc * sum_g / n - pc * mean[c]);
    }
    return r;
}

// Forward returns y, or {y, a second handle on y} for an output with two uses.
struct BatchNormReluFunction : torch::autograd::Function<BatchNormReluFunction> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weight, const torch::Tensor& bias,
                                 const torch::Tensor& running_mean,
                                 const torch::Tensor& running_var, double momentum, double eps,
                                 bool two_uses)
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
                forward_bf16(bf16_data(x) + first, bf16_data(y) + first, count, rc.tile(),
                             at.data(), bt.data());
            else
                forward_f32(x.data_ptr<float>() + first, y.data_ptr<float>() + first, count,
                            rc.tile(), at.data(), bt.data());
        });
        ctx->save_for_backward({x, weight, bias});
        ctx->saved_data["mean"] = std::vector<double>(s.mean.begin(), s.mean.end());
        ctx->saved_data["invstd"] = std::vector<double>(s.invstd.begin(), s.invstd.end());
        ctx->set_materialize_grads(false);
        if (two_uses)
            return {y, second_handle(y)};
        return {y};
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
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
                          offset(data_or_null<std::uint16_t>(gy2), first), bf16_data(dx) + first,
                          count, rc.tile(), at.data(), bt.data(), kt.data(), pt.data(), qt.data());
            else
                grad_f32(x.data_ptr<float>() + first, gy.data_ptr<float>() + first,
                         offset(data_or_null<float>(gy2), first), dx.data_ptr<float>() + first,
                         count, rc.tile(), at.data(), bt.data(), kt.data(), pt.data(), qt.data());
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
};

// Forward returns y, or {y, a second handle on y} for an output with two uses.
struct BatchNormAddReluFunction : torch::autograd::Function<BatchNormAddReluFunction> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& identity_input, const torch::Tensor& weight,
                                 const torch::Tensor& bias, const torch::Tensor& running_mean,
                                 const torch::Tensor& running_var, double momentum, double eps,
                                 bool two_uses)
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
                                y.data_ptr<float>() + first, count, rc.tile(), at.data(),
                                bt.data());
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

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
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
                                offset(data_or_null<std::uint16_t>(gy2), first),
                                bf16_data(g) + first, count, rc.tile(), mean_t.data(), acc, sums);
            else
                reduce_add_f32(x.data_ptr<float>() + first, y.data_ptr<float>() + first,
                               gy.data_ptr<float>() + first,
                               offset(data_or_null<float>(gy2), first), g.data_ptr<float>() + first,
                               count, rc.tile(), mean_t.data(), acc, sums);
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
                                dx.data_ptr<float>() + first, count, rc.tile(), kt.data(),
                                pt.data(), qt.data());
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
};

// RESDENSE_FUSED_BATCH_NORM: 0 never fuses, "always" fuses every channel count (to time the
// kernels where LibTorch's own are used), anything else or unset: the measured choice.
enum class Fusion { Off, Auto, Always };

Fusion fusion_mode()
{
    static const Fusion mode = [] {
        const char* v = std::getenv("RESDENSE_FUSED_BATCH_NORM");
        if (v && *v == '0')
            return Fusion::Off;
        if (v && std::string(v) == "always")
            return Fusion::Always;
        return Fusion::Auto;
    }();
    return mode;
}

bool fused_kernel_supports(const torch::Tensor& x, const torch::Tensor& weight)
{
    return fusion_mode() != Fusion::Off && x.device().is_cpu() && x.dim() == 4 &&
           (x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kBFloat16) &&
           x.is_contiguous(torch::MemoryFormat::ChannelsLast) && weight.defined() &&
           weight.scalar_type() == torch::kFloat &&
           x.numel() / std::max<std::int64_t>(1, x.size(1)) > 1;
}

} // namespace

bool fused_batch_norm_relu_applies(const torch::Tensor& x, const torch::Tensor& weight)
{
    // Where the channels do not fill 16-float vectors exactly, LibTorch's own channels-last norm
    // is 1.5-12x slower. Where they do, it is as fast in fp32 and on small bf16 maps (7x7, batch
    // 128), and 1.2-1.7x slower on larger bf16 ones (bench/README.md has the sweep).
    constexpr std::int64_t kLargeMap = std::int64_t{1} << 19;
    return fused_kernel_supports(x, weight) &&
           (fusion_mode() == Fusion::Always || x.size(1) % 16 != 0 ||
            (x.scalar_type() == torch::kBFloat16 && x.numel() >= kLargeMap));
}

torch::Tensor batch_norm_relu_training(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, const torch::Tensor& running_mean,
                                       const torch::Tensor& running_var, double momentum,
                                       double eps)
{
    if (!fused_batch_norm_relu_applies(x, weight) || !bias.defined())
        return torch::relu(torch::batch_norm(x, weight, bias, running_mean, running_var,
                                             /*training=*/true, momentum, eps,
                                             /*cudnn_enabled=*/true));
    // Autograd functions of LibTorch 1.13 take no undefined tensors: empty ones stand for none.
    const auto or_empty = [](const torch::Tensor& t) {
        return t.defined() ? t : torch::empty({0}, torch::kFloat);
    };
    return BatchNormReluFunction::apply(x, weight, bias, or_empty(running_mean),
                                        or_empty(running_var), momentum, eps,
                                        /*two_uses=*/false)[0];
}

namespace {

TwoUses one_tensor(const torch::Tensor& y)
{
    return {y, y};
}

TwoUses two_handles(const variable_list& outputs)
{
    return {outputs[0], outputs.size() > 1 ? outputs[1] : outputs[0]};
}

} // namespace

torch::Tensor batch_norm_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x)
{
    return batch_norm_relu_two_uses(norm, x, /*two_uses=*/false).main;
}

TwoUses batch_norm_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                 bool two_uses)
{
    const auto& o = norm->options;
    if (!norm->is_training() || !o.affine() || !o.track_running_stats() ||
        LayerProbe::current() != nullptr || !fused_batch_norm_relu_applies(x, norm->weight))
        return one_tensor(torch::relu(tap(norm, x)));
    return two_handles(BatchNormReluFunction::apply(x, norm->weight, norm->bias, norm->running_mean,
                                                    norm->running_var, count_training_batch(norm),
                                                    o.eps(), two_uses));
}

bool fused_batch_norm_add_relu_applies(torch::nn::BatchNorm2d& norm, const torch::Tensor& x)
{
    const auto& o = norm->options;
    return norm->is_training() && o.affine() && o.track_running_stats() &&
           LayerProbe::current() == nullptr && fused_kernel_supports(x, norm->weight);
}

torch::Tensor fused_batch_norm_add_relu(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                        const torch::Tensor& identity)
{
    return fused_batch_norm_add_relu_two_uses(norm, x, identity, /*two_uses=*/false).main;
}

TwoUses fused_batch_norm_add_relu_two_uses(torch::nn::BatchNorm2d& norm, const torch::Tensor& x,
                                           const torch::Tensor& identity, bool two_uses)
{
    if (!fused_batch_norm_add_relu_applies(norm, x) || identity.sizes() != x.sizes() ||
        identity.device() != x.device())
        return one_tensor(torch::relu(tap(norm, x) + identity));
    return two_handles(BatchNormAddReluFunction::apply(
        x, identity, norm->weight, norm->bias, norm->running_mean, norm->running_var,
        count_training_batch(norm), norm->options.eps(), two_uses));
}

double count_training_batch(torch::nn::BatchNorm2d& norm)
{
    norm->num_batches_tracked += 1;
    const auto& momentum = norm->options.momentum();
    return momentum ? *momentum : 1.0 / norm->num_batches_tracked.item<double>();
}

} // namespace resdense
