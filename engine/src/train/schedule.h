#pragma once

#include <cstdint>

#include "resdense/run_config.h"

namespace resdense {

// The learning rate for optimizer step `step` (0-based) of `total` steps, `per_epoch` steps an
// epoch. One-cycle follows PyTorch's OneCycleLR (cosine annealing, two phases); the others
// start with an optional linear warm-up.
double learning_rate(const ScheduleConfig& schedule, double peak_lr, std::int64_t step,
                     std::int64_t total, std::int64_t per_epoch);

} // namespace resdense
