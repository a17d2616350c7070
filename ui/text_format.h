#pragma once

#include <cstdint>
#include <string>

#include <QString>

#include "resdense/metrics.h"

// How numbers read in the workbench: in the user's locale, with units a person expects.
namespace resdense::ui {

// "A" for card 0, "B" for card 1 (translatable).
QString slotLabel(int card);

// A slot's state as the window words it (translatable).
QString statusText(resdense::SlotStatus status);

inline QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QString formatCount(std::int64_t n);        // "269,722"
QString formatCompact(double n);            // "40.6 M", "1.81 G", "950"
QString formatBytes(std::int64_t bytes);    // "12.4 MiB"
QString formatDuration(double seconds);     // "42 s", "3:07", "1:02:03"
QString formatPercent(double fraction, int digits = 2); // "91.24 %" (zh_CN: "91.24%"); "–" for NaN
QString formatNumber(double v, int digits); // "0.2431"; "–" for NaN

} // namespace resdense::ui
