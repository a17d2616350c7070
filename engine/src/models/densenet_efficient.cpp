#include "models/densenet_efficient.h"

#include <atomic>

#include <torch/autograd.h>

#include "models/autocast.h"
#include "models/batch_norm_relu_training.h"

namespace resdense {
namespace {

std::atomic<std::int64_t> g_recomputed{0};

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor bottleneck(const variable_list& features, const torch::Tensor& weight,
                         const torch::Tensor& bias, const torch::Tensor& running_mean,
                         const torch::Tensor& running_var, double momentum, double eps,
                         const torch::Tensor& conv_weight, std::int64_t padding)
{
    const torch::Tensor x = features.size() == 1 ? features[0] : torch::cat(features, 1);
    const torch::Tensor y =
        batch_norm_relu_training(x, weight, bias, running_mean, running_var, momentum, eps);
    return torch::conv2d(y, conv_weight, /*bias=*/{}, /*stride=*/1, padding);
}

struct Bottleneck : torch::autograd::Function<Bottleneck> {
    // Inputs: the features, then norm weight and bias, then the conv weight; the running
    // statistics and numbers are not differentiated.
    static torch::Tensor forward(AutogradContext* ctx, at::TensorList features,
                                 torch::Tensor weight, torch::Tensor bias,
                                 torch::Tensor conv_weight, torch::Tensor running_mean,
                                 torch::Tensor running_var, double momentum, double eps,
                                 std::int64_t padding)
    {
        const bool cuda = weight.is_cuda();
        variable_list saved(features.begin(), features.end());
        saved.push_back(weight);
        saved.push_back(bias);
        saved.push_back(conv_weight);
        ctx->save_for_backward(saved);
        ctx->saved_data["n"] = static_cast<std::int64_t>(features.size());
        ctx->saved_data["eps"] = eps;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["bf16"] = autocast_enabled(cuda);
        return bottleneck(variable_list(features.begin(), features.end()), weight, bias,
                          running_mean, running_var, momentum, eps, conv_weight, padding);
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_output)
    {
        const variable_list saved = ctx->get_saved_variables();
        const auto n = static_cast<std::size_t>(ctx->saved_data["n"].toInt());
        variable_list inputs;
        inputs.reserve(saved.size());
        for (const auto& t : saved)
            inputs.push_back(t.detach().requires_grad_(true));
        const variable_list features(inputs.begin(), inputs.begin() + static_cast<long>(n));
        torch::Tensor out;
        {
            torch::AutoGradMode grad(true);
            AutocastGuard autocast(ctx->saved_data["bf16"].toBool(), inputs[n].is_cuda());
            // Batch statistics again, without touching the running ones a second time.
            out =
                bottleneck(features, inputs[n], inputs[n + 1], /*running_mean=*/{},
                           /*running_var=*/{}, /*momentum=*/0.0, ctx->saved_data["eps"].toDouble(),
                           inputs[n + 2], ctx->saved_data["padding"].toInt());
        }
        ++g_recomputed;
        variable_list grads = torch::autograd::grad({out}, inputs, {grad_output[0]},
                                                    /*retain_graph=*/false,
                                                    /*create_graph=*/false,
                                                    /*allow_unused=*/true);
        // One gradient per forward argument: the features, weight, bias, conv weight, then
        // none for the running statistics, momentum, eps and padding.
        for (int i = 0; i < 5; ++i)
            grads.emplace_back();
        return grads;
    }
};

} // namespace

std::int64_t recomputed_layers()
{
    return g_recomputed.load();
}

torch::Tensor concat_norm_relu_conv(const std::vector<torch::Tensor>& features,
                                    torch::nn::BatchNorm2d& norm, torch::nn::Conv2d& conv)
{
    const std::int64_t padding = (*conv->options.kernel_size())[0] / 2;
    const double momentum = count_training_batch(norm);
    return Bottleneck::apply(at::TensorList(features), norm->weight, norm->bias, conv->weight,
                             norm->running_mean, norm->running_var, momentum, norm->options.eps(),
                             padding);
}

} // namespace resdense
