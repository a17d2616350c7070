// Where a training step's time goes: the operators of the trainer's step (autocast forward,
// cross entropy, backward, the trainer's SGD with its parameter groups, the accuracy count),
// timed with LibTorch's profiler and summed by operator, self time (without the operators each
// one called). Usage: step_profile [MODEL] [BATCH] [THREADS] [STEPS] [bf16|fp32]
// (defaults: resnet20 128 2 20). Random Fashion-MNIST-shaped data; bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include "models/autocast.h"
#include "models/net.h"
#include "resdense/build_info.h"
#include "resdense/model_spec.h"
#include "resdense/trainer.h"
#include "train/optimizer.h"

using namespace resdense;
namespace prof = torch::autograd::profiler;

namespace {

struct Total {
    double self_us = 0.0;
    long calls = 0;
};

// Self time per operator name from the profiler's push/pop events, thread by thread; with_parent
// keys each row by "caller > operator".
std::map<std::string, Total> self_times(const prof::thread_event_lists& lists, bool with_parent)
{
    std::map<std::string, Total> totals;
    for (const auto& events : lists) {
        struct Open {
            const prof::LegacyEvent* push;
            double children_us;
        };
        std::vector<Open> stack;
        for (const auto& e : events) {
            if (e.kindStr() == "push") {
                stack.push_back({&e, 0.0});
            } else if (e.kindStr() == "pop" && !stack.empty()) {
                const Open open = stack.back();
                stack.pop_back();
                const double elapsed = open.push->cpuElapsedUs(e);
                std::string key = open.push->name();
                if (with_parent && !stack.empty())
                    key = std::string(stack.back().push->name()).substr(0, 30) + " > " + key;
                Total& t = totals[key];
                t.self_us += elapsed - open.children_us;
                ++t.calls;
                if (!stack.empty())
                    stack.back().children_us += elapsed;
            }
        }
    }
    return totals;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string model = argc > 1 ? argv[1] : "resnet20";
    const std::int64_t batch = argc > 2 ? std::atoll(argv[2]) : 128;
    const int threads = set_threads(argc > 3 ? std::atoi(argv[3]) : 2);
    const int steps = argc > 4 ? std::atoi(argv[4]) : 20;
    keep_freed_memory();
    const bool bf16 = cpu_has_native_bf16() && !(argc > 5 && std::string(argv[5]) == "fp32");

    ModelSpec spec = model_spec(model);
    spec.in_channels = 1;
    spec.num_classes = 10;
    spec.channels_last = true;
    torch::manual_seed(0);
    Net net = make_model(spec);
    net->train();
    auto optimizer = make_optimizer(OptimizerConfig{}, *net);
    const auto x = torch::randn({batch, 1, 28, 28}).contiguous(torch::MemoryFormat::ChannelsLast);
    const auto y = torch::randint(10, {batch}, torch::kLong);

    // Wall time per phase of the step, summed over the timed steps.
    using Clock = std::chrono::steady_clock;
    const char* phase_names[] = {"zero_grad", "forward",   "loss",
                                 "backward",  "optimizer", "accuracy"};
    double phase_ms[6] = {};
    const auto step = [&] {
        auto t = Clock::now();
        const auto lap = [&](int phase) {
            const auto now = Clock::now();
            phase_ms[phase] += std::chrono::duration<double, std::milli>(now - t).count();
            t = now;
        };
        clear_gradients(*optimizer);
        lap(0);
        torch::Tensor logits;
        {
            AutocastGuard autocast(bf16, false);
            logits = net->forward(x);
        }
        lap(1);
        const auto loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat), y);
        loss.item<double>(); // the trainer reads the loss every step
        lap(2);
        loss.backward();
        lap(3);
        optimizer->step();
        lap(4);
        logits.argmax(1).eq(y).sum().item<std::int64_t>(); // and counts the correct ones
        lap(5);
    };
    for (int i = 0; i < 5; ++i)
        step();
    std::fill(std::begin(phase_ms), std::end(phase_ms), 0.0);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    const double step_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        steps;

    std::printf("phases, ms per step:");
    for (int i = 0; i < 6; ++i)
        std::printf(" %s %.2f", phase_names[i], phase_ms[i] / steps);
    std::printf("\n");
    std::map<std::string, Total> totals;
    {
        prof::TLSLegacyProfilerGuard guard(
            torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU),
            [&](const prof::thread_event_lists& lists) {
                totals = self_times(lists, std::getenv("STEP_PROFILE_PARENTS") != nullptr);
            });
        for (int i = 0; i < steps; ++i)
            step();
    }
    std::vector<std::pair<std::string, Total>> rows(totals.begin(), totals.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.second.self_us > b.second.self_us; });
    double sum_us = 0.0;
    for (const auto& r : rows)
        sum_us += r.second.self_us;
    std::printf("%s, batch %lld, %d threads, %s: %.2f ms per step unprofiled; profiled operators "
                "%.2f ms per step\n",
                model.c_str(), static_cast<long long>(batch), threads, bf16 ? "bf16" : "fp32",
                step_ms, sum_us / 1000.0 / steps);
    std::printf("%-48s %10s %7s %8s\n", "operator (self time)", "ms/step", "share", "calls");
    for (std::size_t i = 0; i < rows.size() && i < 40; ++i)
        std::printf("%-48s %10.3f %6.1f%% %8.1f\n", rows[i].first.substr(0, 48).c_str(),
                    rows[i].second.self_us / 1000.0 / steps,
                    100.0 * rows[i].second.self_us / sum_us,
                    static_cast<double>(rows[i].second.calls) / steps);
    return 0;
}
