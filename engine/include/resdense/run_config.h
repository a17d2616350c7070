#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "resdense/dataset.h"
#include "resdense/model_spec.h"
#include "resdense/pretrained.h"

namespace resdense {

enum class OptimizerKind { SGD, Adam, AdamW };
enum class ScheduleKind { Constant, MultiStep, Cosine, OneCycle };
enum class Precision {
    Auto, // bf16 mixed precision where the CPU has AVX512-BF16 or AMX (or on CUDA), else fp32
    FP32,
    BF16,
};

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::SGD;
    double lr = 0.1; // the peak learning rate (one-cycle: the maximum)
    double momentum = 0.9;
    bool nesterov = false;
    double weight_decay = 5e-4;
    bool decay_norm_and_bias = false; // false: no weight decay on batch-norm weights and biases
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    bool operator==(const OptimizerConfig&) const = default;
};

struct ScheduleConfig {
    ScheduleKind kind = ScheduleKind::OneCycle;
    double warmup_epochs = 0.0;     // linear warm-up from 0 (constant, multi-step, cosine)
    std::vector<double> milestones; // multi-step: epochs (fractions allowed) where lr *= gamma
    double gamma = 0.1;
    double min_lr = 0.0; // cosine floor
    // One-cycle is PyTorch's OneCycleLR (cosine annealing, two phases) with cycle_momentum=False:
    // the momentum stays at OptimizerConfig::momentum throughout.
    double pct_start = 0.25;       // one-cycle: share of steps spent rising
    double div_factor = 25.0;      // one-cycle: start at lr / div_factor
    double final_div_factor = 1e4; // one-cycle: end at lr / div_factor / final_div_factor
    bool operator==(const ScheduleConfig&) const = default;
};

// One model slot ("a" or "b") of a run.
struct SlotConfig {
    std::string name = "a";
    ModelSpec model;
    OptimizerConfig optimizer;
    ScheduleConfig schedule;
    double label_smoothing = 0.0;
    double clip_grad_norm = 0.0; // 0: off
    // Weights the model starts from instead of its seeded initialisation (see pretrained.h); the
    // classifier is new when the dataset's class count differs from the file's.
    PretrainedWeights pretrained;
    // What training changes: "none" (everything is trained), "backbone" (only the classifier:
    // a linear probe) or "stages:K" (the stem and the first K stages are frozen). Frozen layers
    // get no gradient and their batch norms stay in eval mode.
    std::string freeze = "none";
    double head_lr_mult = 1.0; // the classifier's learning rate, times the slot's
    bool operator==(const SlotConfig&) const = default;
};

// Everything needed to repeat a run; stored as config.json in the run folder.
struct RunConfig {
    DatasetOptions dataset;
    InputOptions input; // resize, crop and normalisation of every batch
    AugmentOptions augment;
    int epochs = 5;
    std::int64_t batch_size = 128;
    std::uint64_t seed = 0;
    int threads = 0;            // 0: all cores
    std::string device = "cpu"; // "cpu" or "cuda"
    Precision precision = Precision::Auto;
    bool channels_last = true;
    // Validation checks between epoch ends: after every val_every-th batch of an epoch (0: only
    // at epoch ends), on a fixed stratified subset of val_subset validation images (0: all).
    std::int64_t val_every = 0;
    std::int64_t val_subset = 1000;
    std::vector<SlotConfig> slots; // one or two
    // Processes that trained the run data-parallel (docs/distributed.md); each global batch is
    // split among them. Set by the trainer, not by the user.
    int world_size = 1;
    bool operator==(const RunConfig&) const = default;
};

std::string optimizer_name(OptimizerKind kind);
std::string schedule_name(ScheduleKind kind);
std::string precision_name(Precision precision);
// Parse the names above; throw resdense::Error listing the valid ones.
OptimizerKind parse_optimizer(const std::string& name);
ScheduleKind parse_schedule(const std::string& name);
Precision parse_precision(const std::string& name);

// Why the config cannot run (the field, the rule, an English message), or nullopt when it can.
std::optional<Problem> check(const RunConfig& config);

std::string to_json(const RunConfig& config);
RunConfig run_config_from_json(const std::string& json); // throws resdense::Error

} // namespace resdense
