#include "dataset_check.h"

#include <optional>
#include <utility>

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "text_format.h"

namespace resdense::ui {

namespace {

struct CheckResult {
    std::optional<resdense::DatasetInfo> info;
    QString error;
};

QString describe(const resdense::DatasetInfo& d)
{
    QString text = DatasetCheck::tr("%1: %2 training · %3 validation · %4 test images · %5×%6×%7 "
                                    "· %8 classes")
                       .arg(qs(d.name), formatCount(d.train.count), formatCount(d.val.count),
                            formatCount(d.test.count))
                       .arg(d.channels)
                       .arg(d.height)
                       .arg(d.width)
                       .arg(d.classes.size());
    if (d.skipped_files > 0)
        text += DatasetCheck::tr(" (%n file(s) skipped: not readable images)", nullptr,
                                 static_cast<int>(d.skipped_files));
    return text;
}

} // namespace

DatasetCheck::DatasetCheck(Options options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &DatasetCheck::run);
}

void DatasetCheck::run()
{
    const int generation = ++m_generation;
    m_loading = true;
    auto* watcher = new QFutureWatcher<CheckResult>(this);
    connect(watcher, &QFutureWatcher<CheckResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_loading = false;
        const CheckResult r = watcher->result();
        if (r.info)
            Q_EMIT readable(*r.info, describe(*r.info));
        else
            Q_EMIT unreadable(r.error);
    });
    watcher->setFuture(QtConcurrent::run([options = m_options()]() -> CheckResult {
        try {
            return {resdense::dataset_info(options), {}};
        } catch (const std::exception& e) {
            return {std::nullopt, qs(e.what())};
        }
    }));
}

} // namespace resdense::ui
