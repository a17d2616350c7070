#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <ATen/core/Generator.h>
#include <torch/optim/optimizer.h>

#include "data/batch_loader.h"
#include "distributed/comm.h"
#include "models/net.h"
#include "resdense/metrics.h"
#include "resdense/predictions.h"
#include "resdense/run_config.h"
#include "train/feature_cache.h"
#include "train/fine_tuning.h"
#include "train/tensor_memory.h"

namespace resdense {

struct StepResult {
    double loss = 0.0;
    std::int64_t correct = 0;
    std::int64_t count = 0;
    double seconds = 0.0;
};

struct EvalResult {
    double loss = 0.0;
    double accuracy = 0.0;
};

// One model slot while it trains: its model, optimizer and running totals. Owned by the
// trainer's thread.
struct SlotRun {
    // Builds the model from `seed` (the same initial weights whatever slot or thread) and seeds the
    // slot's own generator for dropout with it.
    SlotRun(int index, SlotConfig config, torch::Device device, std::uint64_t seed);

    // Trains as one rank of a data-parallel group from now on (see train_step).
    void join(Comm& comm);

    // One optimizer step on batch at learning rate lr. A non-finite loss leaves the weights
    // untouched and marks the slot diverged. In a group (join), this rank trains on its share of
    // the batch (batch_share); the loss, accuracy and gradients are those of the whole batch
    // (each rank weighs its gradient by its share, and the sum is all-reduced), so every rank
    // takes the same step and reports the same numbers.
    StepResult train_step(const Batch& batch, double lr, bool bf16, const std::string& where);
    // Loss and accuracy over the loader's split; with `predictions`, each image's too.
    EvalResult evaluate(BatchLoader& loader, bool bf16,
                        std::vector<TestPrediction>* predictions = nullptr);
    // Milliseconds per image for a single-image forward pass in eval mode.
    double inference_ms(const torch::Tensor& one_image, bool bf16);

    bool active() const { return status == SlotStatus::Training; }

    Comm* comm = nullptr; // the group, when training data-parallel
    std::unique_ptr<GradientBuckets> gradients;

    int index;
    SlotConfig config;
    torch::Device device;
    Net net;
    FrozenPart frozen; // what config.freeze keeps as it is
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::vector<double> lr_scales; // per optimizer group: 1, or the head's multiple
    // Set when the slot trains on cached features (a linear probe, can_cache_features).
    std::unique_ptr<FeatureCache> feature_cache;
    at::Generator generator;     // dropout masks (see models/training_random.h)
    tensor_memory::Meter* meter; // the tensors its construction and training steps allocate
    SlotStatus status = SlotStatus::Training;
    std::string reason;

    // This epoch so far.
    double epoch_loss_sum = 0.0;
    std::int64_t epoch_correct = 0, epoch_seen = 0;
    double epoch_seconds = 0.0;
    // The run so far.
    std::int64_t images_seen = 0;
    double train_seconds = 0.0;
    int best_epoch = -1;
    // What chooses the best checkpoint: validation accuracy, or training accuracy when the run
    // has no validation split.
    double best_score = -1.0;
    int epochs_done = 0;
    // The most bytes of CPU tensors one training step of this model held (see
    // EpochMetrics::model_memory_bytes).
    std::int64_t model_memory_bytes = 0;

private:
    using TimePoint = std::chrono::steady_clock::time_point;
    // The rest of a data-parallel step, after this rank's forward pass (see train_step).
    StepResult group_step(double loss_sum, std::int64_t correct, std::int64_t global, double lr,
                          const std::string& where, TimePoint start,
                          torch::Tensor weighted_loss = {});
    StepResult account(StepResult r); // adds a finished step to the running totals
};

// Loss and accuracy of a model over the loader's split (eval mode, no gradients); with
// `predictions`, each image's too.
// With `comm`, the evaluation is sharded: rank r evaluates batches r, r + world, ... with rank
// 0's batch-norm statistics (broadcast first); the sums of loss, correct and count are
// all-reduced, and every rank gets the predictions of the whole split, in order. Every rank must
// call it.
EvalResult evaluate_model(NetImpl& net, torch::Device device, BatchLoader& loader, bool bf16,
                          std::vector<TestPrediction>* predictions = nullptr,
                          FeatureCache* cache = nullptr, Comm* comm = nullptr);

// Makes every parameter and buffer rank root's.
void broadcast_model(Comm& comm, NetImpl& net, int root = 0);

} // namespace resdense
