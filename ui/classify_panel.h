#pragma once

#include <array>

#include <QList>
#include <QWidget>

#include "snapshot_classifiers.h"

class QLabel;
class QSlider;
class QVBoxLayout;

namespace resdense::ui {

class PredictionView;

// Results of images dropped on (or pasted into) the window, newest first, with a hint while
// there are none. Shows what SnapshotClassifiers reports.
class ClassifyPanel : public QWidget {
    Q_OBJECT
public:
    explicit ClassifyPanel(QWidget* parent = nullptr);

    void setModelNames(const std::array<QString, 2>& names) { m_names = names; }
    void setSnapshotState(const QString& text);
    void addVerdict(const ImageVerdict& verdict);
    void clear();
    QList<PredictionView*> views() const { return m_views; }
    // Grad-CAM opacity of every result, 0 to 1 (the slider; kept in the settings).
    double camOpacity() const;
    void setCamOpacity(double opacity);

private:
    QSlider* m_opacity = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_state = nullptr;
    QVBoxLayout* m_list = nullptr;
    QList<PredictionView*> m_views;
    std::array<QString, 2> m_names;
};

} // namespace resdense::ui
