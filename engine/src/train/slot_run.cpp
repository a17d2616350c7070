#include "train/slot_run.h"

#include <chrono>
#include <cmath>
#include <optional>
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

// Every rank's predictions of its batches (rank r has batches r, r + world, ...), put back in the
// split's order. Always a collective, whether or not this rank keeps them.
void gather_predictions(Comm& comm, const BatchLoader& loader, std::int64_t first_batch_rows,
                        const std::vector<TestPrediction>& mine,
                        std::vector<TestPrediction>* predictions)
{
    const std::int64_t batches = loader.batches_per_epoch(), total = loader.size();
    // The loader's batch size: rank 0 evaluated batch 0, a full one unless it is the only one.
    const std::int64_t per_batch =
        std::llround(comm.sum(comm.leader() ? static_cast<double>(first_batch_rows) : 0.0));
    const int world = comm.size();
    auto rows_of = [&](std::int64_t b) { return std::min(per_batch, total - b * per_batch); };
    std::int64_t most = 0;
    for (int r = 0; r < world; ++r) {
        std::int64_t n = 0;
        for (std::int64_t b = r; b < batches; b += world)
            n += rows_of(b);
        most = std::max(most, n);
    }
    auto packed = torch::zeros({std::max<std::int64_t>(most, 1), 3}, torch::kDouble);
    auto* p = packed.data_ptr<double>();
    for (std::size_t i = 0; i < mine.size(); ++i) {
        p[3 * i] = static_cast<double>(mine[i].label);
        p[3 * i + 1] = static_cast<double>(mine[i].predicted);
        p[3 * i + 2] = mine[i].confidence;
    }
    const std::vector<torch::Tensor> all = comm.allgather(packed);
    if (!predictions)
        return;
    std::vector<std::int64_t> taken(static_cast<std::size_t>(world), 0);
    for (std::int64_t b = 0; b < batches; ++b) {
        const int owner = static_cast<int>(b % world);
        const double* q = all[static_cast<std::size_t>(owner)].data_ptr<double>();
        for (std::int64_t i = 0; i < rows_of(b); ++i) {
            const std::int64_t k = taken[static_cast<std::size_t>(owner)]++;
            predictions->push_back({static_cast<std::int64_t>(q[3 * k]),
                                    static_cast<std::int64_t>(q[3 * k + 1]), q[3 * k + 2]});
        }
    }
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

void SlotRun::join(Comm& group)
{
    comm = &group;
    gradients = std::make_unique<GradientBuckets>(net->parameters());
}

StepResult SlotRun::train_step(const Batch& batch, double lr, bool bf16, const std::string& where)
{
    const auto start = Clock::now();
    tensor_memory::Scope counted(meter);
    net->train();
    keep_frozen_norms_in_eval(*net, frozen);
    set_learning_rate(*optimizer, lr, lr_scales);
    clear_gradients(*optimizer);
    const std::int64_t global = batch.labels.size(0);
    const Share share = comm ? batch_share(global, comm->rank(), comm->size()) : Share{0, global};
    auto images = batch.images.narrow(0, share.begin, share.size()).to(device, true);
    auto labels = batch.labels.narrow(0, share.begin, share.size()).to(device, true);
    if (comm && share.size() == 0) // a last batch smaller than the group: nothing for this rank
        return group_step(0.0, 0, global, lr, where, start);
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
    if (comm) {
        const std::int64_t correct = logits.argmax(1).eq(labels).sum().item<std::int64_t>();
        return group_step(loss.item<double>() * static_cast<double>(share.size()), correct, global,
                          lr, where, start,
                          loss * (static_cast<double>(share.size()) / static_cast<double>(global)));
    }
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
    return account(r);
}

StepResult SlotRun::account(StepResult r)
{
    model_memory_bytes = tensor_memory::peak_bytes(meter);
    epoch_loss_sum += r.loss * static_cast<double>(r.count);
    epoch_correct += r.correct;
    epoch_seen += r.count;
    epoch_seconds += r.seconds;
    images_seen += r.count;
    train_seconds += r.seconds;
    return r;
}

StepResult SlotRun::group_step(double loss_sum, std::int64_t correct, std::int64_t global,
                               double lr, const std::string& where, TimePoint start,
                               torch::Tensor weighted_loss)
{
    // The whole batch's loss and accuracy first: every rank then agrees on divergence.
    auto totals = torch::tensor({loss_sum, static_cast<double>(correct)}, torch::kDouble);
    comm->allreduce_sum(totals);
    StepResult r;
    r.count = global;
    r.loss = totals[0].item<double>() / static_cast<double>(global);
    r.correct = static_cast<std::int64_t>(std::llround(totals[1].item<double>()));
    if (!std::isfinite(r.loss)) {
        status = SlotStatus::Diverged;
        std::ostringstream why;
        why << "the loss became " << (std::isnan(r.loss) ? "NaN" : "infinite") << " at " << where
            << " (learning rate " << lr << "); lower the learning rate or enable gradient clipping";
        reason = why.str();
        r.seconds = seconds_since(start);
        return r;
    }
    // Backward, then the buckets: LibTorch 1.13's C++ API has no hook that fires once a
    // parameter's gradient is complete, so the all-reduce cannot overlap backward here (and on
    // CPU its threads would compete with backward's for the same cores).
    if (weighted_loss.defined())
        weighted_loss.backward();
    gradients->allreduce(*comm);
    if (config.clip_grad_norm > 0.0)
        torch::nn::utils::clip_grad_norm_(net->parameters(), config.clip_grad_norm);
    optimizer->step();
    r.seconds = seconds_since(start);
    return account(r);
}

EvalResult SlotRun::evaluate(BatchLoader& loader, bool bf16,
                             std::vector<TestPrediction>* predictions)
{
    return evaluate_model(*net, device, loader, bf16, predictions, feature_cache.get(), comm);
}

void broadcast_model(Comm& comm, NetImpl& net, int root)
{
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> tensors, staged;
    for (const auto& p : net.parameters())
        tensors.push_back(p);
    for (const auto& b : net.buffers())
        tensors.push_back(b);
    for (const auto& t : tensors)
        staged.push_back(t.is_contiguous() ? t : t.contiguous());
    comm.broadcast(staged, root);
    for (std::size_t i = 0; i < tensors.size(); ++i)
        if (!staged[i].is_same(tensors[i]))
            tensors[i].copy_(staged[i]);
}

EvalResult evaluate_model(NetImpl& net, torch::Device device, BatchLoader& loader, bool bf16,
                          std::vector<TestPrediction>* predictions, FeatureCache* cache, Comm* comm)
{
    EvalResult r;
    if (loader.size() == 0) {
        r.loss = r.accuracy = std::nan("");
        return r;
    }
    torch::NoGradGuard no_grad;
    if (comm)
        broadcast_model(*comm, net); // rank 0's batch-norm statistics (and weights: no-op)
    net.eval();
    double loss_sum = 0.0;
    std::int64_t correct = 0, seen = 0;
    std::int64_t first_rows = 0;
    std::vector<TestPrediction> mine;
    std::vector<TestPrediction>* kept = comm ? &mine : predictions;
    const std::int64_t batches = loader.batches_per_epoch();
    std::int64_t next_index = comm ? comm->rank() : 0;
    if (!comm)
        loader.start_epoch(0);
    auto next_batch = [&]() -> std::optional<Batch> {
        if (!comm)
            return loader.next();
        if (next_index >= batches)
            return std::nullopt;
        Batch b = loader.make_batch(0, next_index);
        next_index += comm->size();
        return b;
    };
    while (auto batch = next_batch()) {
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
        if (seen == 0)
            first_rows = labels.size(0);
        seen += labels.size(0);
        if (kept)
            record(logits, labels, *kept);
    }
    if (comm) {
        auto totals = torch::tensor(
            {loss_sum, static_cast<double>(correct), static_cast<double>(seen)}, torch::kDouble);
        comm->allreduce_sum(totals);
        loss_sum = totals[0].item<double>();
        correct = std::llround(totals[1].item<double>());
        seen = std::llround(totals[2].item<double>());
        gather_predictions(*comm, loader, first_rows, mine, predictions);
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
