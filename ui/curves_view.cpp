#include "curves_view.h"

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include "qcustomplot_include.h"
#include "text_format.h"

namespace resdense::ui {

namespace {
constexpr int kReplotMs = 40;
} // namespace

CurvesView::CurvesView(const MetricsStore& store, QWidget* parent) : QWidget(parent), m_store(store)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    m_layout = new QComboBox;
    m_layout->addItem(tr("Overlaid"));
    m_layout->addItem(tr("Side by side"));
    m_layout->setToolTip(tr("Overlaid: A and B in one chart per metric. Side by side: A's charts "
                            "left, B's right, with the same axes."));
    m_xAxis = new QComboBox;
    m_xAxis->addItem(tr("Epoch"), static_cast<int>(XAxis::Epoch));
    m_xAxis->addItem(tr("Training time"), static_cast<int>(XAxis::WallTime));
    m_xAxis->addItem(tr("Images seen"), static_cast<int>(XAxis::ImagesSeen));
    m_xAxis->setToolTip(tr("Compare by epoch, by seconds of training (which model learns faster "
                           "in real time), or by images seen."));
    m_smoothing = new QComboBox;
    m_smoothing->addItem(tr("EMA"), static_cast<int>(Smoothing::Ema));
    m_smoothing->addItem(tr("Moving average"), static_cast<int>(Smoothing::MovingAverage));
    m_smoothing->addItem(tr("No smoothing"), static_cast<int>(Smoothing::None));
    m_smoothing->setToolTip(tr("Smooths the noisy per-batch training curves; the raw curve stays "
                               "visible behind it, faint."));
    m_strength = new QSlider(Qt::Horizontal);
    m_strength->setRange(0, 99);
    m_strength->setValue(60);
    m_strength->setMaximumWidth(120);
    m_strength->setToolTip(tr("Smoothing strength"));
    m_logLoss = new QCheckBox(tr("Log loss"));
    m_logLoss->setToolTip(tr("Logarithmic loss axis"));
    auto* reset = new QToolButton;
    reset->setText(tr("Fit"));
    reset->setToolTip(tr("Fit the axes to the data again (or double-click a chart). Drag to pan, "
                         "wheel to zoom."));
    bar->addWidget(new QLabel(tr("View:")));
    bar->addWidget(m_layout);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("X axis:")));
    bar->addWidget(m_xAxis);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("Smoothing:")));
    bar->addWidget(m_smoothing);
    bar->addWidget(m_strength);
    bar->addSpacing(8);
    bar->addWidget(m_logLoss);
    bar->addStretch(1);
    bar->addWidget(reset);
    layout->addLayout(bar);

    m_plot = new QCustomPlot;
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMinimumSize(320, 240);
    m_plot->setMouseTracking(true);
    m_plot->setNoAntialiasingOnDrag(true);
    layout->addWidget(m_plot, 1);
    m_sheet = std::make_unique<CurveSheet>(m_plot);

    m_replot.setSingleShot(true);
    m_replot.setInterval(kReplotMs);
    connect(&m_replot, &QTimer::timeout, this, &CurvesView::refreshNow);
    for (QComboBox* c : {m_layout, m_xAxis, m_smoothing})
        connect(c, &QComboBox::currentIndexChanged, this, &CurvesView::readControls);
    connect(m_strength, &QSlider::valueChanged, this, &CurvesView::readControls);
    connect(m_logLoss, &QCheckBox::toggled, this, &CurvesView::readControls);
    connect(reset, &QToolButton::clicked, this, &CurvesView::resetZoom);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &CurvesView::resetZoom);
    connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_userZoomed = true; });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userZoomed = true; });
    connect(m_plot, &QCustomPlot::mouseMove, this, &CurvesView::showToolTip);
    rebuild();
}

CurvesView::~CurvesView() = default;

void CurvesView::readControls()
{
    CurveOptions o;
    o.sideBySide = m_layout->currentIndex() == 1;
    o.xAxis = static_cast<XAxis>(m_xAxis->currentData().toInt());
    o.smoothing = static_cast<Smoothing>(m_smoothing->currentData().toInt());
    o.strength = m_strength->value() / 100.0;
    o.logLoss = m_logLoss->isChecked();
    m_strength->setEnabled(o.smoothing != Smoothing::None);
    if (o == m_options)
        return;
    const bool layoutChanged = o.sideBySide != m_options.sideBySide || o.xAxis != m_options.xAxis ||
                               o.logLoss != m_options.logLoss;
    m_options = o;
    if (layoutChanged) {
        m_userZoomed = false;
        rebuild();
    } else {
        refreshNow();
    }
    Q_EMIT optionsChanged();
}

void CurvesView::setOptions(const CurveOptions& o)
{
    const QSignalBlocker b1(m_layout), b2(m_xAxis), b3(m_smoothing), b4(m_strength), b5(m_logLoss);
    m_layout->setCurrentIndex(o.sideBySide ? 1 : 0);
    m_xAxis->setCurrentIndex(std::max(0, m_xAxis->findData(static_cast<int>(o.xAxis))));
    m_smoothing->setCurrentIndex(std::max(0, m_smoothing->findData(static_cast<int>(o.smoothing))));
    m_strength->setValue(static_cast<int>(std::lround(o.strength * 100)));
    m_logLoss->setChecked(o.logLoss);
    m_options = o;
    m_strength->setEnabled(o.smoothing != Smoothing::None);
    rebuild();
}

void CurvesView::setModelNames(const std::array<QString, 2>& names)
{
    if (names == m_names)
        return;
    m_names = names;
    rebuild();
}

void CurvesView::rebuild()
{
    m_sheet->build(m_options, ChartPart::Sheet, QString(), m_names);
    m_sheet->applyPalette(palette());
    refreshNow();
}

void CurvesView::dataChanged()
{
    if (!m_replot.isActive())
        m_replot.start();
}

void CurvesView::refreshNow()
{
    m_replot.stop();
    m_sheet->fill(m_store, /*rescale=*/!m_userZoomed);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    ++m_replots;
}

void CurvesView::resetZoom()
{
    m_userZoomed = false;
    refreshNow();
}

void CurvesView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_sheet->applyPalette(palette());
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

// Hovering near a point shows its values: which model, which curve, x and y.
void CurvesView::showToolTip(QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton)
        return;
    const QPointF pos = event->position();
    QCPAxisRect* rect = m_plot->axisRectAt(pos);
    if (!rect) {
        QToolTip::hideText();
        return;
    }
    QCPGraph* bestGraph = nullptr;
    double bestDistance = 12.0; // pixels
    double bestKey = 0, bestValue = 0;
    for (QCPGraph* g : rect->graphs()) {
        if (!g->visible() || g->data()->isEmpty())
            continue;
        const double key = g->keyAxis()->pixelToCoord(pos.x());
        auto it = g->data()->findBegin(key);
        for (int k = 0; k < 2 && it != g->data()->constEnd(); ++k, ++it) {
            const double px = g->keyAxis()->coordToPixel(it->key);
            const double py = g->valueAxis()->coordToPixel(it->value);
            const double d = std::hypot(px - pos.x(), py - pos.y());
            if (d < bestDistance) {
                bestDistance = d;
                bestGraph = g;
                bestKey = it->key;
                bestValue = it->value;
            }
        }
    }
    if (!bestGraph) {
        QToolTip::hideText();
        return;
    }
    const bool accuracy = bestGraph->valueAxis()->label().contains(tr("Accuracy"));
    const QString x = m_options.xAxis == XAxis::WallTime ? formatDuration(bestKey)
                      : m_options.xAxis == XAxis::ImagesSeen
                          ? formatCount(static_cast<std::int64_t>(bestKey))
                          : formatNumber(bestKey, 2);
    const QString y =
        accuracy ? formatPercent(bestValue / 100.0, 2) : formatNumber(bestValue, 4);
    QToolTip::showText(event->globalPosition().toPoint(),
                       QStringLiteral("<b>%1</b><br>%2: %3<br>%4: %5")
                           .arg(bestGraph->name().toHtmlEscaped(), xAxisLabel(m_options.xAxis), x,
                                accuracy ? tr("Accuracy") : tr("Loss"), y),
                       m_plot);
}

} // namespace resdense::ui
