#pragma once

#include <array>
#include <memory>

#include <QTimer>
#include <QWidget>

#include "curve_sheet.h"
#include "metrics_store.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QSlider;

namespace resdense::ui {

// The live loss and accuracy curves of both models, with the view's own controls: overlaid or
// side by side, the x axis, smoothing, log-scale loss, zoom reset. Reads the store it is given
// (owned by the caller); dataChanged() schedules one replot within ~40 ms however many points
// arrived meanwhile.
class CurvesView : public QWidget {
    Q_OBJECT
public:
    explicit CurvesView(const MetricsStore& store, QWidget* parent = nullptr);
    ~CurvesView() override;

    CurveOptions options() const { return m_options; }
    void setOptions(const CurveOptions& options);
    void setModelNames(const std::array<QString, 2>& names);
    std::array<QString, 2> modelNames() const { return m_names; }

    void dataChanged();
    void refreshNow();
    void resetZoom();

    QCustomPlot* plot() const { return m_plot; }
    const CurveSheet& sheet() const { return *m_sheet; }
    int replots() const { return m_replots; }

Q_SIGNALS:
    void optionsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void readControls();
    void showToolTip(QMouseEvent* event);

    const MetricsStore& m_store;
    CurveOptions m_options;
    std::array<QString, 2> m_names;
    QCustomPlot* m_plot = nullptr;
    std::unique_ptr<CurveSheet> m_sheet;
    QComboBox* m_layout = nullptr;
    QComboBox* m_xAxis = nullptr;
    QComboBox* m_smoothing = nullptr;
    QSlider* m_strength = nullptr;
    QCheckBox* m_logLoss = nullptr;
    QTimer m_replot;
    bool m_userZoomed = false;
    int m_replots = 0;
};

} // namespace resdense::ui
