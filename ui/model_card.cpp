#include "model_card.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QtConcurrent/QtConcurrentRun>

#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/pretrained.h"
#include "problem_text.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

constexpr resdense::Family kFamilies[] = {resdense::Family::CifarResNet, resdense::Family::ResNet,
                                          resdense::Family::DenseNet};

// Family names are not presets a user picks ("cifar-resnet", "densenet", "densenet-bc").
QDoubleSpinBox* doubleSpin(double lo, double hi, double step, int decimals, const QString& tip)
{
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setToolTip(tip);
    return s;
}

struct SummaryResult {
    std::optional<resdense::ModelSummary> summary;
    QString error;
};

} // namespace

ModelCard::ModelCard(const resdense::SlotConfig& initial, QWidget* parent)
    : QGroupBox(parent), m_slotName(qs(initial.name))
{
    setTitle(tr("Model %1").arg(m_slotName.toUpper()));
    setCheckable(true);
    setToolTip(tr("Untick to train only the other model."));
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_family = new QComboBox;
    m_family->addItem(tr("ResNet (CIFAR-style, 6n+2 layers)"));
    m_family->addItem(tr("ResNet (ImageNet-style, 18–152)"));
    m_family->addItem(tr("DenseNet"));
    m_family->setToolTip(tr("ResNet (He et al. 2016) adds each block's input to its output; "
                            "DenseNet (Huang et al. 2017) concatenates every earlier layer's "
                            "features."));
    m_form->addRow(tr("Family:"), m_family);
    m_preset = new QComboBox;
    m_preset->setToolTip(tr("A configuration from the papers; the fields below start from it."));
    m_form->addRow(tr("Preset:"), m_preset);

    m_depth = new QSpinBox;
    m_depth->setRange(1, 2000);
    m_depth->setToolTip(tr("Layers with weights. CIFAR ResNet: 6n+2 (20, 32, 44, 56, 110). "
                           "ImageNet ResNet: 18, 34, 50, 101 or 152. DenseNet: 3n+4, and 6n+4 "
                           "with bottlenecks (40, 100, 250)."));
    m_form->addRow(tr("Depth:"), m_depth);
    m_width = doubleSpin(0.25, 8.0, 0.25, 2,
                         tr("Multiplier on the stage widths 16-32-64 (wide ResNets use 2-10)."));
    m_form->addRow(tr("Width:"), m_width);
    m_shortcut = new QComboBox;
    m_shortcut->addItem(tr("A: zero-padding identity"), QStringLiteral("A"));
    m_shortcut->addItem(tr("B: 1×1 projection"), QStringLiteral("B"));
    m_shortcut->setToolTip(
        tr("How a shortcut changes width between stages: option A adds no "
           "parameters (the paper's CIFAR choice), B learns a 1×1 convolution."));
    m_form->addRow(tr("Shortcut:"), m_shortcut);
    m_growth = new QSpinBox;
    m_growth->setRange(1, 256);
    m_growth->setToolTip(tr("Growth rate k: feature maps each dense layer adds (12, 24, 32, 40)."));
    m_form->addRow(tr("Growth rate k:"), m_growth);
    m_bottleneck = new QCheckBox(tr("Bottleneck 1×1 layers (BC)"));
    m_bottleneck->setToolTip(tr("DenseNet-B: a 1×1 convolution to 4k maps before each 3×3 one; "
                                "fewer parameters and MACs at the same depth."));
    m_form->addRow(QString(), m_bottleneck);
    m_compression = doubleSpin(0.05, 1.0, 0.05, 2,
                               tr("θ: transition layers keep this share of the feature maps "
                                  "(DenseNet-C uses 0.5; 1 keeps all)."));
    m_form->addRow(tr("Compression θ:"), m_compression);
    m_dropout = doubleSpin(0.0, 0.95, 0.05, 2,
                           tr("Dropout after each dense layer (the paper uses 0.2 without data "
                              "augmentation, 0 with it)."));
    m_form->addRow(tr("Dropout:"), m_dropout);
    m_memoryEfficient = new QCheckBox(tr("Memory-efficient (recompute)"));
    m_memoryEfficient->setToolTip(
        tr("Recompute each layer's concatenation, batch norm and first convolution in the "
           "backward pass instead of keeping them (Pleiss et al. 2017): far less memory for deep "
           "DenseNets, at the price of some speed. Same results."));
    m_form->addRow(QString(), m_memoryEfficient);
    m_stem = new QComboBox;
    m_stem->addItem(tr("Small images (3×3 conv)"), 0);
    m_stem->addItem(tr("ImageNet (7×7 conv + max-pool)"), 1);
    m_stem->setToolTip(tr("The first layers. ImageNet's stem shrinks the image 4× at once, which "
                          "suits 224-pixel photos, not 28-pixel ones."));
    m_form->addRow(tr("Stem:"), m_stem);

    m_startFrom = new QComboBox;
    m_startFrom->addItem(tr("Random initialisation"), QString());
    m_startFrom->addItem(tr("ImageNet weights (torch hub cache)"), QStringLiteral("imagenet"));
    m_startFrom->addItem(tr("Weights file…"), QStringLiteral("file"));
    m_startFrom->setToolTip(
        tr("Transfer learning: start from weights trained on ImageNet (torchvision's resnet18-152 "
           "and densenet121-201, found where torchvision keeps its downloads; nothing is "
           "downloaded) or from a weights file. The classifier is new when the class count "
           "differs; gray images use the colour stem's weights summed."));
    m_form->addRow(tr("Start from:"), m_startFrom);
    m_weightsFile = new QLineEdit;
    m_weightsFile->setPlaceholderText(tr("torch.save state dict or ResDense checkpoint"));
    m_form->addRow(tr("Weights file:"), m_weightsFile);
    m_freeze = new QComboBox;
    m_freeze->addItem(tr("All layers (fine-tune)"), QStringLiteral("none"));
    m_freeze->addItem(tr("Classifier only (linear probe)"), QStringLiteral("backbone"));
    m_freeze->addItem(tr("All but the stem and stage 1"), QStringLiteral("stages:1"));
    m_freeze->addItem(tr("All but the stem and stages 1–2"), QStringLiteral("stages:2"));
    m_freeze->addItem(tr("All but the stem and stages 1–3"), QStringLiteral("stages:3"));
    m_freeze->setToolTip(tr("Which layers training changes. Frozen layers keep their weights and "
                            "their batch-norm statistics; a linear probe trains only the "
                            "classifier and is by far the fastest on a CPU."));
    m_form->addRow(tr("Train:"), m_freeze);
    m_headLr = doubleSpin(0.01, 1000.0, 1.0, 2,
                          tr("The classifier's learning rate, as a multiple of the others' "
                             "(a new head often learns faster at 10×)."));
    m_headLr->setPrefix(tr("× "));
    m_form->addRow(tr("Head learning rate:"), m_headLr);

    m_optimizer = new QComboBox;
    m_optimizer->addItem(tr("SGD with momentum"), static_cast<int>(resdense::OptimizerKind::SGD));
    m_optimizer->addItem(tr("Adam"), static_cast<int>(resdense::OptimizerKind::Adam));
    m_optimizer->addItem(tr("AdamW"), static_cast<int>(resdense::OptimizerKind::AdamW));
    m_optimizer->setToolTip(tr("SGD with momentum is what both papers used; AdamW decouples "
                               "weight decay from the adaptive step."));
    m_form->addRow(tr("Optimizer:"), m_optimizer);
    m_lr = doubleSpin(1e-6, 10.0, 0.01, 5,
                      tr("Peak learning rate (for one-cycle: the maximum). SGD: about 0.1; "
                         "Adam: about 0.001."));
    m_form->addRow(tr("Learning rate:"), m_lr);
    m_momentum = doubleSpin(0.0, 0.999, 0.05, 3, tr("SGD momentum (0.9 in both papers)."));
    m_nesterov = new QCheckBox(tr("Nesterov"));
    m_nesterov->setToolTip(tr("Nesterov momentum: looks ahead along the momentum direction."));
    auto* momentumRow = new QWidget;
    auto* momentumLayout = new QHBoxLayout(momentumRow);
    momentumLayout->setContentsMargins(0, 0, 0, 0);
    momentumLayout->addWidget(m_momentum);
    momentumLayout->addWidget(m_nesterov);
    m_form->addRow(tr("Momentum:"), momentumRow);
    m_weightDecay = doubleSpin(0.0, 1.0, 1e-4, 5,
                               tr("L2 penalty on the weights (5e-4 for CIFAR ResNets, 1e-4 for "
                                  "DenseNets); not applied to batch-norm weights and biases."));
    m_form->addRow(tr("Weight decay:"), m_weightDecay);
    m_schedule = new QComboBox;
    m_schedule->addItem(tr("One-cycle"), static_cast<int>(resdense::ScheduleKind::OneCycle));
    m_schedule->addItem(tr("Cosine"), static_cast<int>(resdense::ScheduleKind::Cosine));
    m_schedule->addItem(tr("Multi-step (÷10 at 50 % and 75 %)"),
                        static_cast<int>(resdense::ScheduleKind::MultiStep));
    m_schedule->addItem(tr("Constant"), static_cast<int>(resdense::ScheduleKind::Constant));
    m_schedule->setToolTip(tr("How the learning rate moves over the run. One-cycle (Smith 2018) "
                              "rises then anneals and trains fastest in few epochs; multi-step "
                              "is the papers' schedule."));
    m_form->addRow(tr("Schedule:"), m_schedule);
    m_warmup = doubleSpin(0.0, 100.0, 0.5, 1,
                          tr("Epochs of linear warm-up from 0 (not used by one-cycle, which has "
                             "its own)."));
    m_form->addRow(tr("Warm-up epochs:"), m_warmup);
    m_smoothing = doubleSpin(0.0, 0.5, 0.05, 2,
                             tr("Label smoothing: the target puts this share of probability on "
                                "the other classes (0.1 is common)."));
    m_form->addRow(tr("Label smoothing:"), m_smoothing);

    m_info = new QLabel;
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(m_info);
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_error->hide();
    m_form->addRow(m_error);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &ModelCard::computeSummary);

    connect(m_family, &QComboBox::currentIndexChanged, this, [this] {
        if (m_loading)
            return;
        fillPresets();
        applyPreset(m_preset->currentText());
    });
    connect(m_preset, &QComboBox::activated, this,
            [this] { applyPreset(m_preset->currentText()); });
    const auto onEdit = [this] { edited(); };
    for (QSpinBox* s : {m_depth, m_growth})
        connect(s, &QSpinBox::valueChanged, this, onEdit);
    for (QDoubleSpinBox* s : {m_width, m_compression, m_dropout, m_lr, m_momentum, m_weightDecay,
                              m_warmup, m_smoothing, m_headLr})
        connect(s, &QDoubleSpinBox::valueChanged, this, onEdit);
    for (QComboBox* c : {m_shortcut, m_stem, m_optimizer, m_schedule, m_startFrom, m_freeze})
        connect(c, &QComboBox::currentIndexChanged, this, onEdit);
    for (QCheckBox* c : {m_bottleneck, m_nesterov, m_memoryEfficient})
        connect(c, &QCheckBox::toggled, this, onEdit);
    connect(this, &QGroupBox::toggled, this, onEdit);
    connect(m_weightsFile, &QLineEdit::editingFinished, this, onEdit);

    load(initial);
}

void ModelCard::fillPresets()
{
    const resdense::Family family = kFamilies[std::max(0, m_family->currentIndex())];
    const QSignalBlocker block(m_preset);
    m_preset->clear();
    for (const auto& name : resdense::model_names())
        if (!resdense::is_family_name(name) && resdense::model_spec(name).family == family)
            m_preset->addItem(qs(name));
}

void ModelCard::applyPreset(const QString& name)
{
    resdense::SlotConfig c = slotConfig();
    try {
        c.model = resdense::model_spec(name.toStdString());
    } catch (const resdense::Error&) {
        return;
    }
    load(c);
    edited();
}

void ModelCard::load(const resdense::SlotConfig& c)
{
    m_loading = true;
    m_base = c.model;
    const int family = c.model.family == resdense::Family::CifarResNet ? 0
                       : c.model.family == resdense::Family::ResNet    ? 1
                                                                       : 2;
    m_family->setCurrentIndex(family);
    fillPresets();
    const int preset = m_preset->findText(qs(c.model.preset));
    if (preset >= 0)
        m_preset->setCurrentIndex(preset);
    const QList<QWidget*> fields = {
        m_depth,       m_width,           m_shortcut, m_growth,    m_bottleneck, m_compression,
        m_dropout,     m_memoryEfficient, m_stem,     m_optimizer, m_lr,         m_momentum,
        m_nesterov,    m_weightDecay,     m_schedule, m_warmup,    m_smoothing,  m_startFrom,
        m_weightsFile, m_freeze,          m_headLr};
    for (QWidget* w : fields)
        w->blockSignals(true);
    m_depth->setValue(c.model.depth);
    m_width->setValue(c.model.width);
    m_shortcut->setCurrentIndex(c.model.shortcut == 'B' ? 1 : 0);
    m_growth->setValue(c.model.growth_rate);
    m_bottleneck->setChecked(c.model.bottleneck);
    m_compression->setValue(c.model.compression);
    m_dropout->setValue(c.model.dropout);
    m_memoryEfficient->setChecked(c.model.memory_efficient);
    m_stem->setCurrentIndex(c.model.stem == resdense::Stem::ImageNet ? 1 : 0);
    m_optimizer->setCurrentIndex(
        std::max(0, m_optimizer->findData(static_cast<int>(c.optimizer.kind))));
    m_lr->setValue(c.optimizer.lr);
    m_momentum->setValue(c.optimizer.momentum);
    m_nesterov->setChecked(c.optimizer.nesterov);
    m_weightDecay->setValue(c.optimizer.weight_decay);
    m_schedule->setCurrentIndex(
        std::max(0, m_schedule->findData(static_cast<int>(c.schedule.kind))));
    m_warmup->setValue(c.schedule.warmup_epochs);
    m_smoothing->setValue(c.label_smoothing);
    const QString source = qs(c.pretrained.source);
    m_startFrom->setCurrentIndex(source.isEmpty()                      ? 0
                                 : source == QLatin1String("imagenet") ? 1
                                                                       : 2);
    m_weightsFile->setText(m_startFrom->currentIndex() == 2 ? source : QString());
    m_pretrained = c.pretrained;
    const int freeze = m_freeze->findData(qs(c.freeze));
    if (freeze < 0)
        m_freeze->addItem(qs(c.freeze), qs(c.freeze));
    m_freeze->setCurrentIndex(freeze >= 0 ? freeze : m_freeze->count() - 1);
    m_headLr->setValue(c.head_lr_mult);
    m_clipGradNorm = c.clip_grad_norm;
    for (QWidget* w : fields)
        w->blockSignals(false);
    m_loading = false;
    updateRows();
    validateAndSchedule();
}

resdense::ModelSpec ModelCard::spec() const
{
    resdense::ModelSpec s = m_base;
    s.family = kFamilies[std::max(0, m_family->currentIndex())];
    if (s.depth != m_depth->value() && s.family == resdense::Family::DenseNet)
        s.block_config.clear(); // a new depth: derive the blocks from it
    s.depth = m_depth->value();
    s.width = m_width->value();
    s.shortcut = m_shortcut->currentData().toString() == QLatin1String("B") ? 'B' : 'A';
    s.growth_rate = m_growth->value();
    if (s.bottleneck != m_bottleneck->isChecked() && s.family == resdense::Family::DenseNet)
        s.block_config.clear();
    s.bottleneck = m_bottleneck->isChecked();
    s.compression = m_compression->value();
    s.dropout = m_dropout->value();
    s.memory_efficient = m_memoryEfficient->isChecked();
    s.stem = m_stem->currentIndex() == 1 ? resdense::Stem::ImageNet : resdense::Stem::Small;
    s.in_channels = m_channels;
    s.num_classes = m_classes;
    return s;
}

resdense::SlotConfig ModelCard::slotConfig() const
{
    resdense::SlotConfig c;
    c.name = m_slotName.toStdString();
    c.model = spec();
    c.optimizer.kind = static_cast<resdense::OptimizerKind>(m_optimizer->currentData().toInt());
    c.optimizer.lr = m_lr->value();
    c.optimizer.momentum = m_momentum->value();
    c.optimizer.nesterov = m_nesterov->isChecked();
    c.optimizer.weight_decay = m_weightDecay->value();
    c.schedule.kind = static_cast<resdense::ScheduleKind>(m_schedule->currentData().toInt());
    c.schedule.warmup_epochs = m_warmup->value();
    if (c.schedule.kind == resdense::ScheduleKind::MultiStep)
        c.schedule.milestones = {}; // the engine's default: 50 % and 75 % of the epochs
    c.label_smoothing = m_smoothing->value();
    c.clip_grad_norm = m_clipGradNorm;
    c.pretrained.source = pretrainedSource().toStdString();
    if (c.pretrained.source == m_pretrained.source) // the file a loaded run pinned, and its hash
        c.pretrained = m_pretrained;
    c.freeze = m_freeze->currentData().toString().toStdString();
    c.head_lr_mult = m_headLr->value();
    return c;
}

QString ModelCard::pretrainedSource() const
{
    switch (m_startFrom->currentIndex()) {
    case 1: return QStringLiteral("imagenet");
    case 2: return m_weightsFile->text().trimmed();
    default: return {};
    }
}

QString ModelCard::displayName() const
{
    return QStringLiteral("%1 · %2").arg(m_slotName.toUpper(), shortModelName(spec()));
}

QString shortModelName(const resdense::ModelSpec& s)
{
    switch (s.family) {
    case resdense::Family::CifarResNet:
        return s.width == 1.0 ? QStringLiteral("ResNet-%1").arg(s.depth)
                              : QStringLiteral("ResNet-%1 ×%2").arg(s.depth).arg(s.width);
    case resdense::Family::ResNet: return QStringLiteral("ResNet-%1").arg(s.depth);
    case resdense::Family::DenseNet:
        return QStringLiteral("%1-%2 (k=%3)")
            .arg(s.bottleneck || s.compression < 1.0 ? QStringLiteral("DenseNet-BC")
                                                     : QStringLiteral("DenseNet"))
            .arg(s.depth)
            .arg(s.growth_rate);
    }
    return qs(s.preset);
}

void ModelCard::setDataShape(int channels, int classes, int imageSize)
{
    if (channels == m_channels && classes == m_classes && imageSize == m_imageSize)
        return;
    m_channels = channels;
    m_classes = classes;
    m_imageSize = imageSize;
    validateAndSchedule();
}

void ModelCard::setBatchSize(int batchSize)
{
    if (batchSize == m_batchSize)
        return;
    m_batchSize = batchSize;
    if (m_summary)
        showSummary(); // the memory per batch is a product; the model is not built again
}

void ModelCard::showSummary()
{
    const auto& m = *m_summary;
    m_info->setText(tr("<b>%1</b><br>%2 parameters · %3 MACs per image<br>"
                       "≈ %4 of activations per batch of %5")
                        .arg(qs(resdense::describe(m.spec)).toHtmlEscaped(),
                             formatCount(m.total_params), formatCompact(double(m.macs)),
                             formatBytes(m.activation_bytes * m_batchSize))
                        .arg(m_batchSize));
}

void ModelCard::updateRows()
{
    const auto family = kFamilies[std::max(0, m_family->currentIndex())];
    const bool cifar = family == resdense::Family::CifarResNet;
    const bool dense = family == resdense::Family::DenseNet;
    m_form->setRowVisible(m_width, cifar);
    m_form->setRowVisible(m_shortcut, cifar);
    m_form->setRowVisible(m_growth, dense);
    m_form->setRowVisible(m_bottleneck, dense);
    m_form->setRowVisible(m_compression, dense);
    m_form->setRowVisible(m_dropout, dense);
    m_form->setRowVisible(m_memoryEfficient, dense);
    m_form->setRowVisible(m_stem, !cifar);
    m_form->setRowVisible(m_weightsFile, m_startFrom->currentIndex() == 2);
    const bool sgd =
        m_optimizer->currentData().toInt() == static_cast<int>(resdense::OptimizerKind::SGD);
    m_momentum->setEnabled(sgd);
    m_nesterov->setEnabled(sgd);
    m_warmup->setEnabled(m_schedule->currentData().toInt() !=
                         static_cast<int>(resdense::ScheduleKind::OneCycle));
}

void ModelCard::edited()
{
    if (m_loading)
        return;
    updateRows();
    validateAndSchedule();
    Q_EMIT changed();
}

void ModelCard::validateAndSchedule()
{
    const resdense::ModelSpec s = spec();
    const auto why = resdense::validate(s);
    m_problem = why ? problemText(*why) : QString();
    // Mark the field the problem is about (the engine names it).
    const std::pair<QWidget*, const char*> fields[] = {{m_depth, "depth"},
                                                       {m_growth, "growth_rate"},
                                                       {m_compression, "compression"},
                                                       {m_dropout, "dropout"},
                                                       {m_width, "width"}};
    for (const auto& [field, key] : fields) {
        const bool bad = why && why->field == key;
        field->setStyleSheet(bad ? QStringLiteral("background-color: rgba(211, 47, 47, 60);")
                                 : QString());
    }
    // Weights to start from must be there before Start (a quick look, not a read).
    QWidget* weightsField =
        m_startFrom->currentIndex() == 2 ? static_cast<QWidget*>(m_weightsFile) : m_startFrom;
    bool badWeights = false;
    if (!why && !pretrainedSource().isEmpty()) {
        try {
            resdense::resolve_pretrained(pretrainedSource().toStdString(), s);
        } catch (const resdense::Error& e) {
            m_problem = qs(e.what());
            badWeights = true;
        }
    }
    for (QWidget* field :
         {static_cast<QWidget*>(m_startFrom), static_cast<QWidget*>(m_weightsFile)})
        field->setStyleSheet(badWeights && field == weightsField
                                 ? QStringLiteral("background-color: rgba(211, 47, 47, 60);")
                                 : QString());
    m_error->setText(m_problem);
    m_error->setVisible(!m_problem.isEmpty() && isChecked());
    if (!m_problem.isEmpty()) {
        m_summary.reset();
        ++m_generation;
        m_info->setText(QString());
        return;
    }
    m_info->setText(tr("%1 — counting…").arg(qs(resdense::describe(s))));
    m_debounce.start();
}

void ModelCard::computeSummary()
{
    const resdense::ModelSpec s = spec();
    if (resdense::validate(s))
        return;
    const int generation = ++m_generation;
    const int imageSize = m_imageSize;
    auto* watcher = new QFutureWatcher<SummaryResult>(this);
    connect(watcher, &QFutureWatcher<SummaryResult>::finished, this,
            [this, watcher, generation, s] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return; // edited again meanwhile
                const SummaryResult r = watcher->result();
                m_summary = r.summary;
                if (!r.summary) {
                    m_problem = r.error;
                    m_error->setText(r.error);
                    m_error->setVisible(isChecked());
                    m_info->setText(qs(resdense::describe(s)));
                } else {
                    showSummary();
                }
                Q_EMIT summaryReady();
                Q_EMIT changed();
            });
    watcher->setFuture(QtConcurrent::run([s, imageSize]() -> SummaryResult {
        try {
            return {resdense::summarize(s, imageSize), {}};
        } catch (const std::exception& e) {
            return {std::nullopt, qs(e.what())};
        }
    }));
}

} // namespace resdense::ui
