#include "insight_loader.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace resdense::ui {

InsightLoader::InsightLoader(QObject* parent) : QObject(parent)
{
}

void InsightLoader::load(const QString& runDir, bool full)
{
    const int generation = ++m_generation;
    ++m_pending;
    using Result = std::shared_ptr<const RunInsight>;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        --m_pending;
        if (generation != m_generation)
            return;
        m_insight = watcher->result();
        Q_EMIT loaded(m_insight);
    });
    watcher->setFuture(QtConcurrent::run([runDir, full]() -> Result {
        return std::make_shared<const RunInsight>(loadRunInsight(runDir, full, full));
    }));
}

void InsightLoader::clear()
{
    ++m_generation;
    m_insight.reset();
    Q_EMIT loaded(nullptr);
}

} // namespace resdense::ui
