#include "classify_panel.h"

#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include "prediction_view.h"

namespace resdense::ui {

namespace {
constexpr int kMaxResults = 50; // older results are dropped
} // namespace

ClassifyPanel::ClassifyPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    m_state = new QLabel;
    m_state->setWordWrap(true);
    auto* clear = new QToolButton;
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Remove the results below"));
    top->addWidget(m_state, 1);
    top->addWidget(clear);
    layout->addLayout(top);
    auto* camRow = new QHBoxLayout;
    auto* camLabel = new QLabel(tr("Grad-CAM opacity"));
    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(QSettings().value(QStringLiteral("classify/camOpacity"), 50).toInt());
    m_opacity->setToolTip(tr("How strongly each model's Grad-CAM map covers the image: 0 shows "
                             "the image alone, 100 the map alone"));
    camLabel->setBuddy(m_opacity);
    camRow->addWidget(camLabel);
    camRow->addWidget(m_opacity, 1);
    layout->addLayout(camRow);
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        QSettings().setValue(QStringLiteral("classify/camOpacity"), value);
        for (auto* view : std::as_const(m_views))
            view->setCamOpacity(value / 100.0);
    });

    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    m_list = new QVBoxLayout(content);
    m_hint = new QLabel(
        tr("Drop image files anywhere on this window (or paste one with Ctrl+V, "
           "or use File → Classify images…) to see what both models make of "
           "them. It works during training too, with the weights as they are at that moment."));
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setEnabled(false);
    m_list->addWidget(m_hint);
    m_list->addStretch(1);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);
    connect(clear, &QToolButton::clicked, this, &ClassifyPanel::clear);
}

void ClassifyPanel::setSnapshotState(const QString& text)
{
    m_state->setText(text);
}

void ClassifyPanel::addVerdict(const ImageVerdict& verdict)
{
    m_hint->hide();
    auto* view = new PredictionView(verdict, m_names, camOpacity());
    m_list->insertWidget(0, view);
    m_views.prepend(view);
    while (m_views.size() > kMaxResults)
        delete m_views.takeLast();
}

double ClassifyPanel::camOpacity() const
{
    return m_opacity->value() / 100.0;
}

void ClassifyPanel::setCamOpacity(double opacity)
{
    m_opacity->setValue(static_cast<int>(std::lround(opacity * 100.0)));
}

void ClassifyPanel::clear()
{
    qDeleteAll(m_views);
    m_views.clear();
    m_hint->show();
}

} // namespace resdense::ui
