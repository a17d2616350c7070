#include "train/slot_run.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include "models/autocast.h"
#include "models/training_random.h"
#include "train/fine_tuning.h"
#include "train/optimizer.h"
#include "train/tensor_memory.h"

namespace resdense {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Appends each image's label, prediction and its softmax probability.
void record(const torch::Tensor& logits, const torch::Tensor& labels,
            std::vector<TestPrediction>& out)
{
    const auto [confidence, predicted] = torch::softmax(logits, 1).max(1);
    const auto c = confidence.to(torch::kCPU, torch::kDouble).contiguous();
    const auto p = predicted.to(torch::kCPU, torch::kLong).contiguous();
    const auto l = labels.to(torch::kCPU, torch::kLong).contiguous();
    for (std::int64_t i = 0; i < l.size(0); ++i)
        out.push_back({l.data_ptr<std::int64_t>()[i], p.data_ptr<std::int64_t>()[i],
                       c.data_ptr<double>()[i]});
}

} // namespace

SlotRun::SlotRun(int index_, SlotConfig config_, torch::Device device_, std::uint64_t seed)
    : index(index_), config(std::move(config_)), device(device_),
      generator(at::detail::createCPUGenerator(seed)), meter(tensor_memory::new_meter())
{
    tensor_memory::Scope counted(meter);
    net = make_model(config.model, seed);
    frozen = frozen_part(*net, config.freeze);
    freeze_parameters(*net, frozen);
    net->to(device); // make_model already made a channels-last model NHWC
    optimizer = make_optimizer(config.optimizer, *net, config.head_lr_mult, &lr_scales);
}

StepResult SlotRun::train_step(const Batch& batch, double lr, bool bf16, const std::string& where)
{
    const auto start = Clock::now();
    tensor_memory::Scope counted(meter);
    net->train();
    keep_frozen_norms_in_eval(*net, frozen);
    set_learning_rate(*optimizer, lr, lr_scales);
    clear_gradients(*optimizer);
    auto images = batch.images.to(device, /*non_blocking=*/true);
    auto labels = batch.labels.to(device, /*non_blocking=*/true);
    torch::Tensor logits;
    {
        AutocastGuard autocast(bf16, device.is_cuda());
        TrainingRandomScope random(generator);
        if (feature_cache) {
            torch::Tensor features;
            {
                torch::NoGradGuard no_grad;
                features = feature_cache->features(
                    batch, [&](const torch::Tensor&) { return net->features(images); });
            }
            logits = net->classify(features);
        } else {
            logits = net->forward(images);
        }
    }
    auto loss = torch::nn::functional::cross_entropy(
        logits.to(torch::kFloat), labels,
        torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(config.label_smoothing));
    StepResult r;
    r.loss = loss.item<double>();
    r.count = labels.size(0);
    if (!std::isfinite(r.loss)) {
        status = SlotStatus::Diverged;
        std::ostringstream why;
        why << "the loss became " << (std::isnan(r.loss) ? "NaN" : "infinite") << " at " << where
            << " (learning rate " << lr << "); lower the learning rate or enable gradient clipping";
        reason = why.str();
        r.seconds = seconds_since(start);
        return r;
    }
    loss.backward();
    if (config.clip_grad_norm > 0.0)
        torch::nn::utils::clip_grad_norm_(net->parameters(), config.clip_grad_norm);
    optimizer->step();
    r.correct = logits.argmax(1).eq(labels).sum().item<std::int64_t>();
    r.seconds = seconds_since(start);
    model_memory_bytes = tensor_memory::peak_bytes(meter);

    epoch_loss_sum += r.loss * static_cast<double>(r.count);
    epoch_correct += r.correct;
    epoch_seen += r.count;
    epoch_seconds += r.seconds;
    images_seen += r.count;
    train_seconds += r.seconds;
    return r;
}

EvalResult SlotRun::evaluate(BatchLoader& loader, bool bf16,
                             std::vector<TestPrediction>* predictions)
{
    return evaluate_model(*net, device, loader, bf16, predictions, feature_cache.get());
}

EvalResult evaluate_model(NetImpl& net, torch::Device device, BatchLoader& loader, bool bf16,
                          std::vector<TestPrediction>* predictions, FeatureCache* cache)
{
    EvalResult r;
    if (loader.size() == 0) {
        r.loss = r.accuracy = std::nan("");
        return r;
    }
    torch::NoGradGuard no_grad;
    net.eval();
    double loss_sum = 0.0;
    std::int64_t correct = 0, seen = 0;
    loader.start_epoch(0);
    while (auto batch = loader.next()) {
        auto images = batch->images.to(device);
        auto labels = batch->labels.to(device);
        torch::Tensor logits;
        {
            AutocastGuard autocast(bf16, device.is_cuda());
            logits =
                (cache ? net.classify(cache->features(
                             *batch, [&](const torch::Tensor&) { return net.features(images); }))
                       : net.forward(images))
                    .to(torch::kFloat);
        }
        loss_sum += torch::nn::functional::cross_entropy(
                        logits, labels,
                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                        .item<double>();
        correct += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
        seen += labels.size(0);
        if (predictions)
            record(logits, labels, *predictions);
    }
    r.loss = loss_sum / static_cast<double>(seen);
    r.accuracy = static_cast<double>(correct) / static_cast<double>(seen);
    return r;
}

double SlotRun::inference_ms(const torch::Tensor& one_image, bool bf16)
{
    torch::NoGradGuard no_grad;
    net->eval();
    auto x = one_image.to(device);
    AutocastGuard autocast(bf16, device.is_cuda());
    net->forward(x); // warm-up
    constexpr int kRuns = 10;
    const auto start = Clock::now();
    for (int i = 0; i < kRuns; ++i)
        net->forward(x);
    return seconds_since(start) * 1000.0 / kRuns;
}

} // namespace resdense
