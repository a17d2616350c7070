#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace resdense::ui {

// File → Open recent: the last run folders opened or trained, newest first, kept in the settings
// ("runs/recent") as soon as they change.
class RecentRuns : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 8;

    // Fills `menu` (owned by the caller) from the settings.
    explicit RecentRuns(QMenu* menu, QObject* parent = nullptr);

    void add(const QString& dir);
    const QStringList& runs() const { return m_runs; }

Q_SIGNALS:
    void openRequested(const QString& dir);

private:
    void updateMenu();

    QMenu* m_menu;
    QStringList m_runs;
};

} // namespace resdense::ui
