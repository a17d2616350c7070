#pragma once

#include <memory>

#include <QWidget>

#include "run_insight.h"

class QComboBox;
class QLabel;
class QListWidget;

namespace resdense::ui {

// The test images the two models answer differently about: A right and B wrong, B right and A
// wrong, or both wrong, as thumbnails with both predictions, the most confident mistakes first
// (or the least, or in test order). Clicking one classifies it with both models in the classify
// panel (both top-5 lists and both Grad-CAMs).
class DisagreementsView : public QWidget {
    Q_OBJECT
public:
    explicit DisagreementsView(QWidget* parent = nullptr);
    void setInsight(std::shared_ptr<const RunInsight> insight);
    void setKind(resdense::Disagreement kind);
    enum class Order { ConfidentFirst, UnsureFirst, TestOrder };
    void setOrder(Order order);
    QListWidget* list() const { return m_list; }
    QString noteText() const;

Q_SIGNALS:
    void openImage(const QByteArray& png, const QString& source);

private:
    void refresh();

    std::shared_ptr<const RunInsight> m_insight;
    QComboBox* m_kind = nullptr;
    QComboBox* m_order = nullptr;
    QLabel* m_note = nullptr;
    QListWidget* m_list = nullptr;
};

} // namespace resdense::ui
