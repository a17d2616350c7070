#include "text_format.h"

#include <cmath>

#include <QCoreApplication>
#include <QLocale>

namespace resdense::ui {

QString formatCount(std::int64_t n)
{
    return QLocale().toString(static_cast<qlonglong>(n));
}

QString formatCompact(double n)
{
    const QLocale l;
    if (std::abs(n) >= 1e9)
        return l.toString(n / 1e9, 'f', 2) + QStringLiteral(" G");
    if (std::abs(n) >= 1e6)
        return l.toString(n / 1e6, 'f', 1) + QStringLiteral(" M");
    if (std::abs(n) >= 1e3)
        return l.toString(n / 1e3, 'f', 1) + QStringLiteral(" k");
    return l.toString(n, 'f', 0);
}

QString formatBytes(std::int64_t bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    if (seconds < 60)
        return QCoreApplication::translate("resdense::ui::Format", "%1 s")
            .arg(QLocale().toString(seconds < 10 ? seconds : std::round(seconds), 'f',
                                    seconds < 10 ? 1 : 0));
    const auto total = static_cast<long long>(std::llround(seconds));
    const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString formatPercent(double fraction, int digits)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("–");
    return QCoreApplication::translate("resdense::ui::Format", "%1 %")
        .arg(QLocale().toString(100.0 * fraction, 'f', digits));
}

QString formatNumber(double v, int digits)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    return QLocale().toString(v, 'f', digits);
}

QString slotLabel(int card)
{
    return card == 0 ? QCoreApplication::translate("resdense::ui::Slot", "A")
                     : QCoreApplication::translate("resdense::ui::Slot", "B");
}

QString statusText(resdense::SlotStatus status)
{
    switch (status) {
    case resdense::SlotStatus::Training:
        return QCoreApplication::translate("resdense::ui::Status", "training");
    case resdense::SlotStatus::Finished:
        return QCoreApplication::translate("resdense::ui::Status", "finished");
    case resdense::SlotStatus::Diverged:
        return QCoreApplication::translate("resdense::ui::Status", "diverged");
    case resdense::SlotStatus::Stopped:
        return QCoreApplication::translate("resdense::ui::Status", "stopped");
    }
    return {};
}

} // namespace resdense::ui
