#pragma once

#include <memory>
#include <string>

#include <torch/optim/optimizer.h>

#include "data/batch_loader.h"
#include "models/net.h"
#include "resdense/metrics.h"
#include "resdense/run_config.h"

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
    SlotRun(int index, SlotConfig config, torch::Device device);

    // One optimizer step on batch at learning rate lr. A non-finite loss leaves the weights
    // untouched and marks the slot diverged.
    StepResult train_step(const Batch& batch, double lr, bool bf16, const std::string& where);
    EvalResult evaluate(BatchLoader& loader, bool bf16);
    // Milliseconds per image for a single-image forward pass in eval mode.
    double inference_ms(const torch::Tensor& one_image, bool bf16);

    bool active() const { return status == SlotStatus::Training; }

    int index;
    SlotConfig config;
    torch::Device device;
    Net net;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
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
    double best_val_accuracy = -1.0;
    int epochs_done = 0;
};

} // namespace resdense
