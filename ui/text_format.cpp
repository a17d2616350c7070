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

QString formatPercent(double fraction)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("–");
    return QCoreApplication::translate("resdense::ui::Format", "%1 %")
        .arg(QLocale().toString(100.0 * fraction, 'f', 2));
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

QString problemText(const resdense::Problem& p)
{
    const QString got = p.args.empty() ? QString() : qs(p.args.front());
    QString text;
    if (p.code == "depth_6n_plus_2")
        text = QCoreApplication::translate(
                   "resdense::ui::Problem",
                   "CIFAR ResNet depth must be 6n+2 (20, 32, 44, 56, 110, …); got %1")
                   .arg(got);
    else if (p.code == "depth_3n_plus_4")
        text = QCoreApplication::translate("resdense::ui::Problem",
                                           "DenseNet depth L must be 3n+4 (40, 100, …); got %1")
                   .arg(got);
    else if (p.code == "depth_6n_plus_4")
        text = QCoreApplication::translate(
                   "resdense::ui::Problem",
                   "DenseNet-BC depth L must be 6n+4 (40, 100, 190, 250, …); got %1")
                   .arg(got);
    else if (p.code == "imagenet_resnet_depth")
        text = QCoreApplication::translate(
                   "resdense::ui::Problem",
                   "ImageNet ResNet depth must be 18, 34, 50, 101 or 152; got %1")
                   .arg(got);
    if (text.isEmpty())
        return qs(p.message); // the engine's English sentence (it names the model itself)
    // A run's problem names the slot ("slots.a.model.depth"); a card's does not.
    const std::string slots = "slots.";
    if (p.field.rfind(slots, 0) == 0) {
        const auto dot = p.field.find('.', slots.size());
        const QString slot = qs(p.field.substr(slots.size(), dot - slots.size())).toUpper();
        text = QCoreApplication::translate("resdense::ui::Problem", "Model %1: %2").arg(slot, text);
    }
    return text;
}

} // namespace resdense::ui
