#pragma once

#include <string>

#include "resdense/model_spec.h"
#include "resdense/run_config.h"

namespace resdense {

struct BenchConfig {
    ModelSpec model; // in_channels / num_classes as the data would have them
    int image_size = 28;
    std::int64_t batch_size = 128;
    int steps = 30; // timed steps, after warm-up steps
    int warmup = 5;
    int threads = 0; // 0: all cores
    Precision precision = Precision::Auto;
    bool channels_last = true;
    std::string device = "cpu";
};

struct BenchResult {
    std::string precision; // what ran
    int threads = 0;
    double train_images_per_second = 0.0; // forward, backward and SGD step
    double infer_images_per_second = 0.0; // eval-mode forward at the same batch size
    double train_step_ms = 0.0;
    std::int64_t peak_memory_bytes = 0; // process peak resident set (Linux)
};

// Times training steps and inference on random data. Throws resdense::Error.
BenchResult benchmark(const BenchConfig& config);

} // namespace resdense
