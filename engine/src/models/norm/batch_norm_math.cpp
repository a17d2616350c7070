#include "models/norm/batch_norm_math.h"

#include <algorithm>
#include <cmath>

#include <torch/utils.h>

#include "models/norm/norm_kernels.h"

namespace resdense::detail {

using namespace norm_kernels;

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

} // namespace resdense::detail
