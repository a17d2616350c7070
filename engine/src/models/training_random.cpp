#include "models/training_random.h"

#include <ATen/CPUGeneratorImpl.h>

namespace resdense {
namespace {
thread_local at::Generator* t_generator = nullptr;
} // namespace

TrainingRandomScope::TrainingRandomScope(at::Generator generator)
    : m_previous(t_generator), m_generator(std::move(generator))
{
    t_generator = &m_generator;
}

TrainingRandomScope::~TrainingRandomScope()
{
    t_generator = m_previous;
}

torch::Tensor training_dropout(const torch::Tensor& x, double p, bool training)
{
    if (!training || p <= 0.0)
        return x;
    if (!t_generator || !x.device().is_cpu()) // the slots' generators are CPU generators
        return torch::dropout(x, p, training);
    // What at::dropout does on CPU, with our generator: a Bernoulli(1 - p) mask scaled by 1/(1 -
    // p).
    torch::Tensor mask = torch::empty_like(x).bernoulli_(1.0 - p, *t_generator);
    mask.div_(1.0 - p);
    return x * mask;
}

std::mutex& global_generator_mutex()
{
    static std::mutex mutex;
    return mutex;
}

} // namespace resdense
