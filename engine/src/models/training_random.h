#pragma once

#include <cstdint>
#include <mutex>

#include <ATen/core/Generator.h>
#include <torch/types.h>

namespace resdense {

// Training draws its random numbers (dropout masks) from the generator of the slot being trained,
// never from LibTorch's global one: a slot's masks then depend only on the run's seed, not on the
// other slot nor on models built on other threads (the workbench builds models for summaries and
// classification while training runs, and their initialisation draws from the global generator).
class TrainingRandomScope {
public:
    // While alive, training_dropout() on this thread draws from generator.
    explicit TrainingRandomScope(at::Generator generator);
    ~TrainingRandomScope();
    TrainingRandomScope(const TrainingRandomScope&) = delete;
    TrainingRandomScope& operator=(const TrainingRandomScope&) = delete;

private:
    at::Generator* m_previous;
    at::Generator m_generator;
};

// Inverted dropout (as torch::dropout) with the mask from the scope's generator; outside a scope,
// and for tensors off the CPU (a CUDA mask needs a CUDA generator), from the global generator.
torch::Tensor training_dropout(const torch::Tensor& x, double p, bool training);

// Every model is initialised under this lock: building one draws from the global generator, and a
// seeded build (the trainer's) must not interleave with another thread's.
std::mutex& global_generator_mutex();

} // namespace resdense
