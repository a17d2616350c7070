#include "resdense/benchmark.h"

#include <chrono>
#include <fstream>

#include <torch/torch.h>

#include "models/autocast.h"
#include "models/net.h"
#include "resdense/build_info.h"
#include "resdense/error.h"
#include "resdense/trainer.h"
#include "train/fused_sgd.h"
#include "train/optimizer.h"

namespace resdense {
namespace {

using Clock = std::chrono::steady_clock;

} // namespace

BenchResult benchmark(const BenchConfig& c)
{
    if (c.steps < 1 || c.batch_size < 1 || c.image_size < 1)
        throw Error("benchmark needs at least one step, a batch of at least one, and a positive "
                    "image size");
    try {
        BenchResult r;
        r.threads = set_threads(c.threads);
        keep_freed_memory();
        torch::Device device =
            c.device == "cuda" ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
        if (device.is_cuda() && !torch::cuda::is_available())
            throw Error("device cuda was asked for, but this LibTorch sees no CUDA GPU");
        const bool bf16 =
            c.precision == Precision::BF16 ||
            (c.precision == Precision::Auto && (device.is_cuda() || cpu_has_native_bf16()));
        r.precision = bf16 ? "bf16" : "fp32";
        ModelSpec spec = c.model;
        spec.channels_last = c.channels_last && !device.is_cuda();
        torch::manual_seed(0);
        Net net = make_model(spec);
        net->to(device); // make_model already made a channels-last model NHWC
        FusedSGD sgd(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
        auto x =
            torch::randn({c.batch_size, spec.in_channels, c.image_size, c.image_size}).to(device);
        if (spec.channels_last)
            x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        auto y = torch::randint(spec.num_classes, {c.batch_size}, torch::kLong).to(device);
        auto sync = [&] {
            if (device.is_cuda())
                torch::cuda::synchronize();
        };

        net->train();
        Clock::time_point start;
        for (int i = 0; i < c.warmup + c.steps; ++i) {
            if (i == c.warmup) {
                sync();
                start = Clock::now();
            }
            clear_gradients(sgd);
            torch::Tensor logits;
            {
                AutocastGuard autocast(bf16, device.is_cuda());
                logits = net->forward(x);
            }
            torch::nn::functional::cross_entropy(logits.to(torch::kFloat), y).backward();
            sgd.step();
        }
        sync();
        double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        r.train_step_ms = seconds * 1000.0 / c.steps;
        r.train_images_per_second = static_cast<double>(c.batch_size * c.steps) / seconds;

        torch::NoGradGuard no_grad;
        net->eval();
        for (int i = 0; i < c.warmup + c.steps; ++i) {
            if (i == c.warmup) {
                sync();
                start = Clock::now();
            }
            AutocastGuard autocast(bf16, device.is_cuda());
            net->forward(x);
        }
        sync();
        seconds = std::chrono::duration<double>(Clock::now() - start).count();
        r.infer_images_per_second = static_cast<double>(c.batch_size * c.steps) / seconds;
        r.peak_memory_bytes = peak_memory_bytes();
        return r;
    } catch (const c10::Error& e) {
        throw Error(std::string("benchmark failed: ") + e.what_without_backtrace());
    }
}

} // namespace resdense
