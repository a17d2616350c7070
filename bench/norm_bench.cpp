// The fused batch norm + ReLU against LibTorch's separate layers, forward and backward, over the
// channel counts and feature-map sizes that ResNet and DenseNet-BC use: which shapes the fusion
// pays for (bench/README.md). Usage: RESDENSE_FUSED_BATCH_NORM=always norm_bench [BATCH]
// [THREADS] [bf16|fp32]; without =always the "fused" column is what the models run (the separate
// layers where the fusion does not pay).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include <torch/torch.h>

#include "models/batch_norm_relu_training.h"
#include "models/norm/fusion_policy.h"
#include "resdense/build_info.h"

namespace {

double milliseconds(const std::function<void()>& f, int repeats)
{
    for (int i = 0; i < 3; ++i)
        f();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i)
        f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
               .count() /
           repeats;
}

} // namespace

int main(int argc, char** argv)
{
    const std::int64_t batch = argc > 1 ? std::atoll(argv[1]) : 128;
    const int threads = resdense::set_threads(argc > 2 ? std::atoi(argv[2]) : 0);
    const auto type = argc > 3 && std::string(argv[3]) == "fp32" ? torch::kFloat : torch::kBFloat16;
    resdense::keep_freed_memory();
    std::printf("batch %lld, %d threads, %s; forward + backward, ms (best of two timings)\n",
                static_cast<long long>(batch), threads, type == torch::kFloat ? "fp32" : "bf16");
    std::printf("%4s %5s %10s %10s %8s %8s\n", "HxW", "C", "fused", "separate", "speedup", "path");
    for (const int size : {28, 14, 7}) {
        for (int C = 16; C <= 256; C += C < 64 ? 4 : 12) {
            const auto layout = torch::MemoryFormat::ChannelsLast;
            auto x = torch::randn({batch, C, size, size}).to(type).contiguous(layout);
            x.requires_grad_();
            const auto g = torch::randn({batch, C, size, size}).to(type).contiguous(layout);
            torch::nn::BatchNorm2d norm(C);
            const int repeats = std::max(5, static_cast<int>(2e7 / static_cast<double>(x.numel())));
            const auto fused = [&] {
                x.mutable_grad() = torch::Tensor();
                resdense::batch_norm_relu_training(x, norm->weight, norm->bias, norm->running_mean,
                                                   norm->running_var, 0.1, 1e-5)
                    .backward(g);
            };
            const auto separate = [&] {
                x.mutable_grad() = torch::Tensor();
                torch::relu(norm->forward(x)).backward(g);
            };
            const double f = std::min(milliseconds(fused, repeats), milliseconds(fused, repeats));
            const double s =
                std::min(milliseconds(separate, repeats), milliseconds(separate, repeats));
            std::printf("%4d %5d %10.2f %10.2f %8.2f %8s\n", size, C, f, s, s / f,
                        resdense::detail::fused_batch_norm_relu_applies(x, norm->weight)
                            ? "fused"
                            : "separate");
        }
    }
}
