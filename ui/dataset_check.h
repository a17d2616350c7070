#pragma once

#include <functional>

#include <QObject>
#include <QString>
#include <QTimer>

#include "resdense/dataset.h"

namespace resdense::ui {

// Reads the chosen dataset's header in the background a moment after the last edit, so the
// window can show its size and shape and refuse to start on a dataset that cannot be read.
// Only the newest request reports.
class DatasetCheck : public QObject {
    Q_OBJECT
public:
    using Options = std::function<resdense::DatasetOptions()>;
    // `options` gives the dataset to check when the check starts.
    explicit DatasetCheck(Options options, QObject* parent = nullptr);

    // Checks the dataset 250 ms from now, unless asked again meanwhile.
    void request() { m_debounce.start(); }
    // A check is scheduled or running.
    bool pending() const { return m_debounce.isActive() || m_loading; }

Q_SIGNALS:
    void readable(const resdense::DatasetInfo& info, const QString& description);
    void unreadable(const QString& error);

private:
    void run();

    QTimer m_debounce;
    Options m_options;
    int m_generation = 0;
    bool m_loading = false;
};

} // namespace resdense::ui
