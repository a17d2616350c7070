#include "disagreements_view.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

#include "classes_view.h"
#include "text_format.h"

namespace resdense::ui {
namespace {
constexpr int kThumb = 72;
constexpr int kMaxShown = 500;

QString shortPercent(double fraction) // "86 %" ("86%" in Chinese): the captions are narrow
{
    return formatPercent(fraction, 0);
}
} // namespace

DisagreementsView::DisagreementsView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_kind = new QComboBox;
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_order = new QComboBox;
    m_order->addItem(tr("Most confident mistakes first"));
    m_order->addItem(tr("Least confident mistakes first"));
    m_order->addItem(tr("Test set order"));
    auto* kindLabel = new QLabel(tr("Show:"));
    kindLabel->setBuddy(m_kind);
    auto* orderLabel = new QLabel(tr("Sort:"));
    orderLabel->setBuddy(m_order);
    top->addWidget(kindLabel);
    top->addWidget(m_kind);
    top->addSpacing(12);
    top->addWidget(orderLabel);
    top->addWidget(m_order);
    top->addStretch(1);
    layout->addLayout(top);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    m_list = new QListWidget;
    // A grid of cards: the thumbnail left, the true class and both answers right of it.
    m_list->setViewMode(QListView::ListMode);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setIconSize(QSize(kThumb, kThumb));
    m_list->setGridSize(QSize(kThumb + 200, kThumb + 10));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setTextElideMode(Qt::ElideRight);
    layout->addWidget(m_list, 1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &DisagreementsView::refresh);
    connect(m_order, &QComboBox::currentIndexChanged, this, &DisagreementsView::refresh);
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (!m_insight)
            return;
        const auto index = item->data(Qt::UserRole).toLongLong();
        const QByteArray png = testImagePng(*m_insight, index);
        if (!png.isEmpty())
            Q_EMIT openImage(png, tr("test image #%1").arg(index));
    });
    refresh();
}

void DisagreementsView::setInsight(std::shared_ptr<const RunInsight> insight)
{
    m_insight = std::move(insight);
    refresh();
}

void DisagreementsView::setKind(resdense::Disagreement kind)
{
    m_kind->setCurrentIndex(static_cast<int>(kind));
}

void DisagreementsView::setOrder(Order order)
{
    m_order->setCurrentIndex(static_cast<int>(order));
}

QString DisagreementsView::noteText() const
{
    return m_note->text();
}

void DisagreementsView::refresh()
{
    const RunInsight* in = m_insight.get();
    std::array<int, 3> counts{0, 0, 0};
    if (in)
        for (const auto& d : in->disagreements)
            ++counts[static_cast<int>(d.kind)];
    {
        const int kind = std::max(0, m_kind->currentIndex());
        const QSignalBlocker block(m_kind);
        m_kind->clear();
        m_kind->addItem(tr("A right, B wrong (%1)").arg(counts[0]));
        m_kind->addItem(tr("B right, A wrong (%1)").arg(counts[1]));
        m_kind->addItem(tr("Both wrong (%1)").arg(counts[2]));
        m_kind->setCurrentIndex(kind);
    }
    m_list->clear();
    if (!in || !(in->hasTest[0] && in->hasTest[1])) {
        m_note->setText(in && !in->problem.isEmpty()
                            ? in->problem
                            : tr("When both models have been tested, the test images they "
                                 "answer differently about appear here."));
        return;
    }
    const auto kind = static_cast<resdense::Disagreement>(m_kind->currentIndex());
    std::vector<const resdense::DisagreementItem*> items;
    for (const auto& d : in->disagreements)
        if (d.kind == kind)
            items.push_back(&d);
    const auto order = static_cast<Order>(m_order->currentIndex());
    if (order != Order::TestOrder)
        std::stable_sort(items.begin(), items.end(), [order](const auto* x, const auto* y) {
            return order == Order::ConfidentFirst ? x->margin > y->margin : x->margin < y->margin;
        });
    const auto name = [in](std::int64_t c) { return in->classes.value(static_cast<int>(c)); };
    for (const auto* d : items) {
        if (m_list->count() >= kMaxShown)
            break;
        auto* item = new QListWidgetItem;
        const auto it = in->images.find(d->index);
        if (it != in->images.end())
            item->setIcon(testThumbnail(it->second, kThumb));
        const auto mark = [d](const resdense::TestPrediction& p) {
            return p.predicted == d->label ? QStringLiteral("✓") : QStringLiteral("✗");
        };
        item->setText(QStringLiteral("#%1 %2\nA %3 %4 %5\nB %6 %7 %8")
                          .arg(d->index)
                          .arg(name(d->label), mark(d->a), name(d->a.predicted),
                               shortPercent(d->a.confidence), mark(d->b), name(d->b.predicted),
                               shortPercent(d->b.confidence)));
        item->setToolTip(tr("Test image #%1, a %2. A says %3 (%4), B says %5 (%6). Click to "
                            "classify it with both models and see their Grad-CAMs.")
                             .arg(d->index)
                             .arg(name(d->label), name(d->a.predicted),
                                  formatPercent(d->a.confidence), name(d->b.predicted),
                                  formatPercent(d->b.confidence)));
        item->setData(Qt::UserRole, static_cast<qlonglong>(d->index));
        item->setSizeHint(m_list->gridSize());
        m_list->addItem(item);
    }
    const int total = static_cast<int>(items.size());
    m_note->setText(
        total == 0 ? tr("No such images.")
        : total > kMaxShown
            ? tr("%1 images; the first %2 are shown.").arg(total).arg(kMaxShown)
            : tr("%n image(s). Click one to classify it with both models.", nullptr, total));
}

} // namespace resdense::ui
