#include "prediction_view.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include "curve_sheet.h"
#include "text_format.h"

namespace resdense::ui {

namespace {
constexpr int kRowHeight = 18;
constexpr int kThumb = 72;
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
        const QRect labelRect(0, y, labelWidth - 4, kRowHeight);
        p.drawText(labelRect, Qt::AlignVCenter | Qt::AlignRight,
                   fontMetrics().elidedText(qs(c.label), Qt::ElideRight, labelRect.width()));
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
                   formatNumber(100 * c.probability, 1) + QStringLiteral(" %"));
    }
}

PredictionView::PredictionView(const ImageVerdict& v, const std::array<QString, 2>& names,
                               QWidget* parent)
    : QFrame(parent), m_verdict(v)
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
                auto* bars = new ProbabilityBars(p, slotColor(s));
                right->addWidget(bars);
                m_rows[s] = bars->rows();
            } else {
                auto* error = new QLabel(qs(p.error));
                error->setWordWrap(true);
                right->addWidget(error);
            }
        }
    }
    right->addStretch(1);
    layout->addLayout(right, 1);
}

QString PredictionView::messageText() const
{
    return m_message->text();
}

} // namespace resdense::ui
