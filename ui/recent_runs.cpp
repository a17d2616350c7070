#include "recent_runs.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace resdense::ui {

namespace {
const QString kKey = QStringLiteral("runs/recent");
}

RecentRuns::RecentRuns(QMenu* menu, QObject* parent)
    : QObject(parent), m_menu(menu), m_runs(QSettings().value(kKey).toStringList())
{
    updateMenu();
}

void RecentRuns::add(const QString& dir)
{
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m_runs.removeAll(clean);
    m_runs.prepend(clean);
    while (m_runs.size() > kMax)
        m_runs.removeLast();
    updateMenu();
    QSettings().setValue(kKey, m_runs);
}

void RecentRuns::updateMenu()
{
    m_menu->clear();
    for (const QString& dir : m_runs)
        m_menu->addAction(QDir::toNativeSeparators(dir), this,
                          [this, dir] { Q_EMIT openRequested(dir); });
    m_menu->setEnabled(!m_runs.isEmpty());
}

} // namespace resdense::ui
