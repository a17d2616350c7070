#include "train/schedule.h"

#include <algorithm>
#include <cmath>

namespace resdense {
namespace {

constexpr double kPi = 3.14159265358979323846;

double cosine(double from, double to, double t)
{
    return to + (from - to) * (1.0 + std::cos(kPi * t)) / 2.0;
}

} // namespace

double learning_rate(const ScheduleConfig& s, double lr, std::int64_t step, std::int64_t total,
                     std::int64_t per_epoch)
{
    total = std::max<std::int64_t>(total, 1);
    per_epoch = std::max<std::int64_t>(per_epoch, 1);
    if (s.kind == ScheduleKind::OneCycle) {
        const double initial = lr / s.div_factor, final_lr = initial / s.final_div_factor;
        const double rise_end = s.pct_start * static_cast<double>(total) - 1.0;
        const double last = static_cast<double>(total) - 1.0;
        const auto x = static_cast<double>(step);
        if (x <= rise_end)
            return cosine(initial, lr, rise_end > 0 ? x / rise_end : 1.0);
        return cosine(lr, final_lr,
                      last > rise_end ? std::min(1.0, (x - rise_end) / (last - rise_end)) : 1.0);
    }
    const auto warmup =
        static_cast<std::int64_t>(std::llround(s.warmup_epochs * static_cast<double>(per_epoch)));
    if (step < warmup)
        return lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
    const double epoch = static_cast<double>(step) / static_cast<double>(per_epoch);
    switch (s.kind) {
    case ScheduleKind::Constant: return lr;
    case ScheduleKind::MultiStep: {
        double out = lr;
        for (double m : s.milestones)
            if (epoch >= m)
                out *= s.gamma;
        return out;
    }
    case ScheduleKind::Cosine: {
        const double span = static_cast<double>(std::max<std::int64_t>(1, total - warmup));
        return cosine(lr, s.min_lr, static_cast<double>(step - warmup) / span);
    }
    case ScheduleKind::OneCycle: break;
    }
    return lr;
}

} // namespace resdense
