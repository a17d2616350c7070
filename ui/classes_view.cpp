#include "classes_view.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>

#include "cam_image.h"
#include "confusion_painter.h"
#include "text_format.h"

namespace resdense::ui {
namespace {
constexpr int kThumb = 56;
constexpr int kMaxListed = 400; // a cell's images listed at most (the diagonal can hold thousands)

QString share(std::int64_t count, std::int64_t of)
{
    return of > 0 ? formatPercent(static_cast<double>(count) / static_cast<double>(of))
                  : QStringLiteral("–");
}
} // namespace

QPixmap testThumbnail(const resdense::PixelImage& image, int side)
{
    const QImage q = toQImage(image);
    if (q.isNull())
        return {};
    const bool small = q.width() <= side / 2 && q.height() <= side / 2;
    return QPixmap::fromImage(q.scaled(side, side, Qt::KeepAspectRatio,
                                       small ? Qt::FastTransformation : Qt::SmoothTransformation));
}

ConfusionWidget::ConfusionWidget(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setCursor(Qt::PointingHandCursor);
}

void ConfusionWidget::setData(const resdense::ConfusionMatrix* a,
                              const resdense::ConfusionMatrix* b, const QStringList& classes,
                              const QString& title, const std::array<QString, 2>& names)
{
    m_a = a;
    m_b = b;
    m_classes = classes;
    m_title = title;
    m_names = names;
    update();
}

QRectF ConfusionWidget::area() const
{
    return QRectF(rect()).adjusted(6, 4, -6, -6);
}

void ConfusionWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white); // drawn light like the exported charts, in any palette
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_a) {
        p.setPen(Qt::gray);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_title);
        return;
    }
    if (m_b)
        paintConfusionDifference(p, area(), *m_a, *m_b, m_classes, m_title);
    else
        paintConfusion(p, area(), *m_a, m_classes, m_title);
}

QString ConfusionWidget::cellText(int t, int q) const
{
    if (!m_a || t < 0 || q < 0 || t >= m_a->classes || q >= m_a->classes)
        return {};
    const QString head = tr("True %1, predicted %2").arg(m_classes.value(t), m_classes.value(q));
    const auto line = [&](const resdense::ConfusionMatrix& m, const QString& name) {
        return tr("%1: %2 of %3 images (%4)")
            .arg(name)
            .arg(m.at(t, q))
            .arg(m.label_count(t))
            .arg(share(m.at(t, q), m.label_count(t)));
    };
    if (!m_b)
        return head + QLatin1Char('\n') + line(*m_a, m_title);
    return head + QLatin1Char('\n') + line(*m_a, m_names[0]) + QLatin1Char('\n') +
           line(*m_b, m_names[1]);
}

void ConfusionWidget::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_a)
        return;
    const auto cell = confusionCellAt(area(), m_a->classes, event->position(), font());
    if (cell)
        QToolTip::showText(event->globalPosition().toPoint(), cellText(cell->x(), cell->y()), this);
    else
        QToolTip::hideText();
}

void ConfusionWidget::mousePressEvent(QMouseEvent* event)
{
    if (!m_a)
        return;
    if (const auto cell = confusionCellAt(area(), m_a->classes, event->position(), font()))
        Q_EMIT cellClicked(cell->x(), cell->y());
}

PerClassWidget::PerClassWidget(QWidget* parent) : QWidget(parent)
{
}

void PerClassWidget::setData(const std::array<const resdense::ConfusionMatrix*, 2>& m,
                             const QStringList& classes, const std::array<QString, 2>& names)
{
    m_m = m;
    m_classes = classes;
    m_names = names;
    update();
}

void PerClassWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (!m_m[0] && !m_m[1])
        return;
    paintPerClassAccuracy(p, QRectF(rect()).adjusted(6, 4, -6, -6), m_m, m_classes, m_names,
                          tr("Accuracy per class"));
}

ClassesView::ClassesView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_split = new QComboBox;
    m_split->addItem(tr("Test set (best checkpoints)"));
    m_split->addItem(tr("Validation (last epoch)"));
    auto* splitLabel = new QLabel(tr("Results on:"));
    splitLabel->setBuddy(m_split);
    top->addWidget(splitLabel);
    top->addWidget(m_split);
    top->addStretch(1);
    m_evaluate = new QPushButton(tr("Evaluate the best checkpoints on the test set"));
    m_evaluate->setToolTip(tr("Classify every test image with each model's best checkpoint and "
                              "keep the predictions in the run folder"));
    m_evaluate->hide();
    top->addWidget(m_evaluate);
    layout->addLayout(top);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #c77700;"));
    m_note->hide();
    layout->addWidget(m_note);

    auto* grid = new QGridLayout;
    for (int i = 0; i < 3; ++i) {
        m_matrices[i] = new ConfusionWidget;
        grid->addWidget(m_matrices[i], i / 2, i % 2);
        connect(m_matrices[i], &ConfusionWidget::cellClicked, this,
                [this, i](int t, int q) { selectCell(i, t, q); });
    }
    m_perClass = new PerClassWidget;
    grid->addWidget(m_perClass, 1, 1);
    auto* charts = new QWidget;
    charts->setLayout(grid);
    charts->setMinimumHeight(560);
    auto* scroll = new QScrollArea;
    scroll->setWidget(charts);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    m_cellTitle = new QLabel(tr("Click a cell to list its test images."));
    m_cellTitle->setWordWrap(true);
    layout->addWidget(m_cellTitle);
    m_images = new QListWidget;
    m_images->setViewMode(QListView::IconMode);
    m_images->setIconSize(QSize(kThumb, kThumb));
    m_images->setResizeMode(QListView::Adjust);
    m_images->setMovement(QListView::Static);
    m_images->setFlow(QListView::LeftToRight);
    m_images->setWrapping(false);
    m_images->setFixedHeight(kThumb + 52);
    layout->addWidget(m_images);

    connect(m_split, &QComboBox::currentIndexChanged, this, &ClassesView::refresh);
    connect(m_split, &QComboBox::activated, this, [this] { m_splitChosen = true; });
    connect(m_evaluate, &QPushButton::clicked, this, &ClassesView::evaluateRequested);
    connect(m_images, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (!m_insight)
            return;
        const auto index = item->data(Qt::UserRole).toLongLong();
        const QByteArray png = testImagePng(*m_insight, index);
        if (!png.isEmpty())
            Q_EMIT openImage(png, tr("test image #%1").arg(index));
    });
    connect(m_images, &QListWidget::itemClicked, m_images, &QListWidget::itemActivated);
    refresh();
}

void ClassesView::setInsight(std::shared_ptr<const RunInsight> insight)
{
    m_insight = std::move(insight);
    // Unless the user chose: the test set when there are test results, else validation.
    if (m_insight && !m_splitChosen) {
        const QSignalBlocker block(m_split);
        m_split->setCurrentIndex(!m_insight->hasAnyTest() && m_insight->hasAnyValidation() ? 1 : 0);
    }
    refresh();
}

void ClassesView::setSplit(bool validation)
{
    m_split->setCurrentIndex(validation ? 1 : 0);
}

bool ClassesView::validationShown() const
{
    return m_split->currentIndex() == 1;
}

QString ClassesView::noteText() const
{
    return m_note->isHidden() ? QString() : m_note->text();
}

void ClassesView::refresh()
{
    m_images->clear();
    m_cellTitle->setText(tr("Click a cell to list its test images."));
    const RunInsight* in = m_insight.get();
    const bool validation = validationShown();
    std::array<const resdense::ConfusionMatrix*, 2> m{nullptr, nullptr};
    for (int s = 0; s < 2 && in; ++s)
        if (validation ? in->hasValidation[s] : in->hasTest[s])
            m[s] = validation ? &in->validation[s] : &in->test[s];
    const QString empty = !in ? tr("Train or open a run: each model's confusion matrix appears "
                                   "here after its first validation.")
                              : tr("No results for this model on this split.");
    const QStringList classes = in ? in->classes : QStringList();
    const std::array<QString, 2> names =
        in ? in->names : std::array<QString, 2>{slotLabel(0), slotLabel(1)};
    for (int s = 0; s < 2; ++s)
        m_matrices[s]->setData(m[s], nullptr, classes, m[s] ? names[s] : empty, names);
    const bool both = m[0] && m[1];
    m_matrices[2]->setData(both ? m[0] : nullptr, both ? m[1] : nullptr, classes,
                           both ? tr("A − B (share of each true class, points)")
                                : tr("The difference needs both models' results."),
                           names);
    m_perClass->setData(m, classes, names);
    m_note->setText(in ? in->problem : QString());
    m_note->setVisible(in && !in->problem.isEmpty());
    m_evaluate->setVisible(in && !validation && !in->hasAnyTest() &&
                           (in->present[0] || in->present[1]));
}

void ClassesView::selectCell(int which, int label, int predicted)
{
    m_images->clear();
    const RunInsight* in = m_insight.get();
    if (!in || !m_matrices[which]->hasData())
        return;
    if (validationShown()) {
        m_cellTitle->setText(m_matrices[which]->cellText(label, predicted) + QLatin1Char('\n') +
                             tr("Images are listed for the test set."));
        return;
    }
    // A model's cell: its images; the difference's: either model's.
    int listed = 0, matching = 0;
    const auto& a = in->testPredictions[0];
    const auto& b = in->testPredictions[1];
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const bool inA = i < a.size() && a[i].label == label && a[i].predicted == predicted;
        const bool inB = i < b.size() && b[i].label == label && b[i].predicted == predicted;
        if (!(which == 0 ? inA : which == 1 ? inB : inA || inB))
            continue;
        ++matching;
        if (listed >= kMaxListed)
            continue;
        const auto index = static_cast<std::int64_t>(i);
        auto* item = new QListWidgetItem;
        const auto it = in->images.find(index);
        if (it != in->images.end())
            item->setIcon(testThumbnail(it->second, kThumb));
        QStringList lines{QStringLiteral("#%1").arg(index)};
        if (i < a.size())
            lines << QStringLiteral("A %1").arg(formatPercent(a[i].confidence));
        if (i < b.size())
            lines << QStringLiteral("B %1").arg(formatPercent(b[i].confidence));
        item->setText(lines.join(QLatin1Char(' ')));
        item->setData(Qt::UserRole, static_cast<qlonglong>(index));
        item->setToolTip(tr("Click to classify it with both models and see their Grad-CAMs"));
        m_images->addItem(item);
        ++listed;
    }
    QString title = m_matrices[which]
                        ->cellText(label, predicted)
                        .replace(QLatin1Char('\n'), QStringLiteral(" · "));
    if (matching > listed)
        title += QLatin1Char(' ') + tr("(the first %1 of %2 listed)").arg(listed).arg(matching);
    m_cellTitle->setText(title);
}

} // namespace resdense::ui
