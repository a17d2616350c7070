#include "prediction_view.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>

#include "cam_image.h"
#include "curve_sheet.h"
#include "text_format.h"

namespace resdense::ui {

namespace {
constexpr int kRowHeight = 18;
constexpr int kThumb = 72;
constexpr int kCam = 84;
} // namespace

ProbabilityBars::ProbabilityBars(const resdense::Prediction& prediction, const QColor& color,
                                 QWidget* parent)
    : QWidget(parent), m_prediction(prediction), m_color(color)
{
    QStringList lines;
    for (const auto& c : m_prediction.top)
        lines << QStringLiteral("%1: %2").arg(qs(c.label), formatPercent(c.probability));
    setToolTip(lines.join(QLatin1Char('\n')));
}

QSize ProbabilityBars::sizeHint() const
{
    return {220, kRowHeight * std::max(1, rows()) + 2};
}

QSize ProbabilityBars::minimumSizeHint() const
{
    return {120, sizeHint().height()}; // narrower only squeezes the bars
}

void ProbabilityBars::setSelectedRow(int row)
{
    m_selected = row;
    update();
}

void ProbabilityBars::mousePressEvent(QMouseEvent* event)
{
    const int row = static_cast<int>(event->position().y() - 1) / kRowHeight;
    if (row >= 0 && row < rows())
        Q_EMIT rowClicked(row);
}

void ProbabilityBars::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const int labelWidth = width() * 9 / 20;
    const int valueWidth = fontMetrics().horizontalAdvance(QStringLiteral("100.0 %")) + 6;
    const int barWidth = std::max(10, width() - labelWidth - valueWidth - 6);
    QColor track = pal.color(QPalette::Text);
    track.setAlpha(25);
    for (int i = 0; i < rows(); ++i) {
        const auto& c = m_prediction.top[static_cast<std::size_t>(i)];
        const int y = i * kRowHeight + 1;
        QFont f = font();
        f.setBold(i == 0);
        p.setFont(f);
        p.setPen(pal.color(QPalette::Text));
        const QRect labelRect(4, y, labelWidth - 8, kRowHeight);
        p.drawText(labelRect, Qt::AlignVCenter | Qt::AlignRight,
                   QFontMetrics(f).elidedText(qs(c.label), Qt::ElideRight, labelRect.width()));
        const QRect bar(labelWidth, y + 3, barWidth, kRowHeight - 6);
        p.setPen(Qt::NoPen);
        p.setBrush(track);
        p.drawRoundedRect(bar, 3, 3);
        QColor fill = m_color;
        if (i > 0)
            fill.setAlpha(150);
        p.setBrush(fill);
        p.drawRoundedRect(QRect(bar.left(), bar.top(),
                                std::max(2, int(bar.width() * c.probability)), bar.height()),
                          3, 3);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(bar.right() + 4, y, valueWidth, kRowHeight),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   formatPercent(c.probability, 1));
    }
    if (m_selected >= 0 && m_selected < rows() && !m_prediction.cams.empty()) {
        QColor frame = m_color;
        frame.setAlpha(120);
        p.setPen(QPen(frame, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(1, m_selected * kRowHeight + 1.5, width() - 2, kRowHeight - 1), 4,
                          4);
    }
}

PredictionView::PredictionView(const ImageVerdict& v, const std::array<QString, 2>& names,
                               double camOpacity, QWidget* parent)
    : QFrame(parent), m_verdict(v), m_opacity(camOpacity)
{
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QHBoxLayout(this);

    auto* thumb = new QLabel;
    thumb->setFixedSize(kThumb, kThumb);
    thumb->setAlignment(Qt::AlignCenter);
    QImage image;
    image.loadFromData(v.encoded);
    if (!image.isNull()) {
        // Small images (28 px) are enlarged without blurring, so the pixels stay visible.
        const bool small = image.width() <= kThumb / 2 && image.height() <= kThumb / 2;
        thumb->setPixmap(QPixmap::fromImage(
            image.scaled(kThumb, kThumb, Qt::KeepAspectRatio,
                         small ? Qt::FastTransformation : Qt::SmoothTransformation)));
    } else {
        thumb->setText(tr("no\npreview"));
    }
    layout->addWidget(thumb, 0, Qt::AlignTop);

    auto* right = new QVBoxLayout;
    const QString name =
        QFileInfo(v.source).fileName().isEmpty() ? v.source : QFileInfo(v.source).fileName();
    auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(name.toHtmlEscaped()));
    title->setToolTip(v.source);
    title->setWordWrap(true);
    right->addWidget(title);

    m_message = new QLabel;
    m_message->setWordWrap(true);
    const bool anyModel = v.present[0] || v.present[1];
    if (!v.error.isEmpty()) {
        m_message->setText(v.error);
        m_message->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    } else if (!anyModel) {
        m_message->setText(image.isNull()
                               ? tr("This is not an image that can be read.")
                               : tr("No trained model yet: start training, or open a run "
                                    "(File → Open run…), then drop the image again."));
        if (image.isNull())
            m_message->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    } else if (v.disagree()) {
        m_message->setText(tr("⚠ The models disagree."));
        m_message->setStyleSheet(QStringLiteral("color: #c77700; font-weight: bold;"));
    } else if (v.present[0] && v.present[1]) {
        m_message->setText(tr("✓ Both models agree."));
    }
    m_message->setVisible(!m_message->text().isEmpty());
    right->addWidget(m_message);

    if (v.error.isEmpty() && anyModel) {
        // The models one above the other: the panel is narrow, and the eye compares the bars
        // of the two lists row by row.
        for (int s = 0; s < 2; ++s) {
            if (!v.present[s])
                continue;
            const auto& p = v.predictions[s];
            auto* header = new QLabel(
                QStringLiteral("<span style='color:%1'>■</span> %2 <small>(%3 ms)</small>")
                    .arg(slotColor(s).name(), names[s].toHtmlEscaped(),
                         formatNumber(p.milliseconds, 1)));
            header->setWordWrap(true);
            right->addWidget(header);
            if (p.ok) {
                auto* row = new QHBoxLayout;
                auto* bars = new ProbabilityBars(p, slotColor(s));
                m_bars[s] = bars;
                m_rows[s] = bars->rows();
                if (!p.cams.empty()) {
                    m_cams[s] = new QLabel;
                    m_cams[s]->setFixedSize(kCam, kCam);
                    m_cams[s]->setAlignment(Qt::AlignCenter);
                    row->addWidget(m_cams[s], 0, Qt::AlignTop);
                    connect(bars, &ProbabilityBars::rowClicked, this, [this, s](int r) {
                        showClass(m_verdict.predictions[s].top[static_cast<std::size_t>(r)].index);
                    });
                    bars->setCursor(Qt::PointingHandCursor);
                }
                row->addWidget(bars, 1, Qt::AlignTop);
                right->addLayout(row);
            } else {
                auto* error = new QLabel(qs(p.error));
                error->setWordWrap(true);
                right->addWidget(error);
            }
        }
    }
    right->addStretch(1);
    layout->addLayout(right, 1);
    updateCams();
}

void PredictionView::setCamOpacity(double opacity)
{
    m_opacity = opacity;
    updateCams();
}

void PredictionView::showClass(int classIndex)
{
    for (int s = 0; s < 2; ++s) {
        m_camIndex[s] = -1;
        const auto& top = m_verdict.predictions[s].top;
        for (std::size_t i = 0; i < top.size(); ++i)
            if (top[i].index == classIndex)
                m_camIndex[s] = static_cast<int>(i);
    }
    updateCams();
}

int PredictionView::camClass(int slot) const
{
    const auto& p = m_verdict.predictions[slot];
    const int i = m_camIndex[slot];
    return m_cams[slot] && i >= 0 && i < static_cast<int>(p.cams.size())
               ? p.cams[static_cast<std::size_t>(i)].class_index
               : -1;
}

QImage PredictionView::camPicture(int slot) const
{
    return m_cams[slot] ? m_cams[slot]->pixmap().toImage() : QImage();
}

void PredictionView::updateCams()
{
    for (int s = 0; s < 2; ++s) {
        if (!m_cams[s])
            continue;
        const auto& p = m_verdict.predictions[s];
        const int i = m_camIndex[s];
        if (m_bars[s])
            m_bars[s]->setSelectedRow(i);
        if (i < 0) {
            m_cams[s]->setPixmap({});
            m_cams[s]->setText(tr("not in\nits top 5"));
            m_cams[s]->setToolTip({});
            continue;
        }
        m_cams[s]->setPixmap(QPixmap::fromImage(camImage(p, i, m_opacity, kCam)));
        m_cams[s]->setToolTip(tr("Grad-CAM of %1 for “%2”: where the model found evidence for "
                                 "this class (red: most). Click a class in a list to see its "
                                 "map.")
                                  .arg(slotLabel(s), qs(p.top[static_cast<std::size_t>(i)].label)));
    }
}

QString PredictionView::messageText() const
{
    return m_message->text();
}

} // namespace resdense::ui
