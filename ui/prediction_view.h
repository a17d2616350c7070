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

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    resdense::Prediction m_prediction;
    QColor m_color;
};

// One classified image: thumbnail, file name, each model's top-5 with its latency, and a mark
// when the models disagree; or the reason the file could not be classified.
class PredictionView : public QFrame {
    Q_OBJECT
public:
    PredictionView(const ImageVerdict& verdict, const std::array<QString, 2>& modelNames,
                   QWidget* parent = nullptr);
    const ImageVerdict& verdict() const { return m_verdict; }
    // Top-k rows shown per model (0 where the model was not asked or failed).
    int rowsShown(int slot) const { return m_rows[slot]; }
    QString messageText() const;

private:
    ImageVerdict m_verdict;
    std::array<int, 2> m_rows{0, 0};
    QLabel* m_message = nullptr;
};

} // namespace resdense::ui
