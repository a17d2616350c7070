#pragma once

#include <array>

#include <QFrame>
#include <QString>

#include "snapshot_classifiers.h"

class QLabel;

namespace resdense::ui {

// Bars of one model's top-k classes and probabilities, drawn in the palette's colours.
class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    ProbabilityBars(const resdense::Prediction& prediction, const QColor& color,
                    QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    int rows() const { return static_cast<int>(m_prediction.top.size()); }
    // The row whose Grad-CAM is shown (framed), -1 for none.
    void setSelectedRow(int row);

Q_SIGNALS:
    void rowClicked(int row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    resdense::Prediction m_prediction;
    QColor m_color;
    int m_selected = 0;
};

// One classified image: thumbnail, file name, each model's top-5 with its latency and its
// Grad-CAM (for the top class; clicking a class in either list shows both models' maps for it
// where it is in their top 5), and a mark when the models disagree; or the reason the file could
// not be classified.
class PredictionView : public QFrame {
    Q_OBJECT
public:
    PredictionView(const ImageVerdict& verdict, const std::array<QString, 2>& modelNames,
                   double camOpacity = 0.5, QWidget* parent = nullptr);
    const ImageVerdict& verdict() const { return m_verdict; }
    // Top-k rows shown per model (0 where the model was not asked or failed).
    int rowsShown(int slot) const { return m_rows[slot]; }
    QString messageText() const;

    // The Grad-CAM overlays: their opacity (0: the image, 1: the map alone) and the class shown.
    void setCamOpacity(double opacity);
    void showClass(int classIndex);
    // The class whose map slot shows, -1 when it shows none (no map, or the class is not in its
    // top 5).
    int camClass(int slot) const;
    QImage camPicture(int slot) const;

private:
    void updateCams();

    ImageVerdict m_verdict;
    std::array<int, 2> m_rows{0, 0};
    QLabel* m_message = nullptr;
    std::array<QLabel*, 2> m_cams{nullptr, nullptr};
    std::array<ProbabilityBars*, 2> m_bars{nullptr, nullptr};
    std::array<int, 2> m_camIndex{0, 0}; // into the prediction's top list, -1: not there
    double m_opacity = 0.5;
};

} // namespace resdense::ui
