#pragma once

#include <memory>

#include <QObject>
#include <QString>

#include "run_insight.h"

namespace resdense::ui {

// Reads a run folder's RunInsight on Qt's thread pool; the newest request wins (an older one
// finishing later is dropped). Results come back on the GUI thread.
class InsightLoader : public QObject {
    Q_OBJECT
public:
    explicit InsightLoader(QObject* parent = nullptr);
    // full: with the test images and the checkpoints (when a run ends or is opened); else only
    // the matrices (after each epoch, for the live validation matrix).
    void load(const QString& runDir, bool full);
    void clear();
    const std::shared_ptr<const RunInsight>& insight() const { return m_insight; }
    bool loading() const { return m_pending > 0; }

Q_SIGNALS:
    void loaded(const std::shared_ptr<const resdense::ui::RunInsight>& insight);

private:
    std::shared_ptr<const RunInsight> m_insight;
    int m_generation = 0;
    int m_pending = 0;
};

} // namespace resdense::ui
