#include "metric_types.h"

namespace resdense::ui {

void registerMetricTypes()
{
    qRegisterMetaType<resdense::BatchMetrics>();
    qRegisterMetaType<resdense::EpochMetrics>();
    qRegisterMetaType<resdense::ValidationCheck>();
    qRegisterMetaType<resdense::RunSummary>();
    qRegisterMetaType<resdense::RunConfig>();
    qRegisterMetaType<resdense::Prediction>();
    qRegisterMetaType<resdense::SlotStatus>();
}

} // namespace resdense::ui
