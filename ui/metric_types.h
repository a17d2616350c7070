#pragma once

#include <QMetaType>

#include "resdense/classifier.h"
#include "resdense/metrics.h"
#include "resdense/run_config.h"

// The engine's value types cross from the training thread to the GUI thread inside queued
// signals, so Qt must know how to copy them.
Q_DECLARE_METATYPE(resdense::BatchMetrics)
Q_DECLARE_METATYPE(resdense::EpochMetrics)
Q_DECLARE_METATYPE(resdense::ValidationCheck)
Q_DECLARE_METATYPE(resdense::RunSummary)
Q_DECLARE_METATYPE(resdense::RunConfig)
Q_DECLARE_METATYPE(resdense::Prediction)
Q_DECLARE_METATYPE(resdense::SlotStatus)

namespace resdense::ui {
// Call once before the first queued connection (main() and the tests do).
void registerMetricTypes();
} // namespace resdense::ui
