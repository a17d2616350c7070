#pragma once

#include <array>
#include <memory>

#include <QWidget>

#include "run_insight.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace resdense::ui {

// One confusion matrix (a model's) or the difference of two, painted by confusion_painter; hover
// shows the cell's counts, a click selects it.
class ConfusionWidget : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionWidget(QWidget* parent = nullptr);
    // b == nullptr: a's matrix; else the difference a − b. Nothing to show: a == nullptr.
    void setData(const resdense::ConfusionMatrix* a, const resdense::ConfusionMatrix* b,
                 const QStringList& classes, const QString& title,
                 const std::array<QString, 2>& names);
    bool hasData() const { return m_a != nullptr; }
    QString cellText(int label, int predicted) const; // what the tooltip says
    QSize sizeHint() const override { return {360, 360}; }
    QSize minimumSizeHint() const override { return {200, 200}; }

Q_SIGNALS:
    void cellClicked(int label, int predicted);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF area() const;
    const resdense::ConfusionMatrix* m_a = nullptr;
    const resdense::ConfusionMatrix* m_b = nullptr;
    QStringList m_classes;
    QString m_title;
    std::array<QString, 2> m_names;
};

// Per-class accuracy of A and B as paired bars.
class PerClassWidget : public QWidget {
    Q_OBJECT
public:
    explicit PerClassWidget(QWidget* parent = nullptr);
    void setData(const std::array<const resdense::ConfusionMatrix*, 2>& m,
                 const QStringList& classes, const std::array<QString, 2>& names);
    QSize sizeHint() const override { return {360, 360}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::array<const resdense::ConfusionMatrix*, 2> m_m{nullptr, nullptr};
    QStringList m_classes;
    std::array<QString, 2> m_names;
};

// The Classes tab: both models' confusion matrices on the test split (best checkpoints) or on
// validation (the last epoch), their difference, per-class accuracy, and the test images of a
// clicked cell. Says what is missing for runs without test predictions, with a button to get
// them.
class ClassesView : public QWidget {
    Q_OBJECT
public:
    explicit ClassesView(QWidget* parent = nullptr);
    void setInsight(std::shared_ptr<const RunInsight> insight);
    void setSplit(bool validation);
    bool validationShown() const;
    QString noteText() const;
    ConfusionWidget* matrix(int which) const { return m_matrices[which]; } // A, B, A − B
    QListWidget* cellImages() const { return m_images; }
    // As a click on cell (label, predicted) of matrix `which` would.
    void selectCell(int which, int label, int predicted);

Q_SIGNALS:
    void openImage(const QByteArray& png, const QString& source);
    void evaluateRequested();

private:
    void refresh();

    std::shared_ptr<const RunInsight> m_insight;
    QComboBox* m_split = nullptr;
    bool m_splitChosen = false; // the user picked a split: it stays
    QLabel* m_note = nullptr;
    QPushButton* m_evaluate = nullptr;
    std::array<ConfusionWidget*, 3> m_matrices{};
    PerClassWidget* m_perClass = nullptr;
    QLabel* m_cellTitle = nullptr;
    QListWidget* m_images = nullptr;
};

// A test image's thumbnail (small images enlarged without blurring).
QPixmap testThumbnail(const resdense::PixelImage& image, int side);

} // namespace resdense::ui
