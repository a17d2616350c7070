#include "experiment_panel.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

#include "resdense/build_info.h"
#include "resdense/trainer.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

// Dataset kinds as the engine spells them; the folder-based ones need a directory.
struct Kind {
    const char* id;
    bool needsFolder;
    bool hasShape; // image size and channels are the user's choice
};
constexpr Kind kKinds[] = {
    {"fashion-mnist", false, false}, {"mnist", true, false}, {"cifar10", true, false},
    {"cifar100", true, false},       {"folder", true, true}, {"shapes", false, true},
};

const Kind& kindAt(int i)
{
    return kKinds[std::clamp(i, 0, static_cast<int>(std::size(kKinds)) - 1)];
}

QSpinBox* spin(int lo, int hi, int value, const QString& tip)
{
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    s->setAccelerated(true);
    return s;
}

} // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent) : QGroupBox(tr("Experiment"), parent)
{
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_dataset = new QComboBox;
    m_dataset->addItem(tr("Fashion-MNIST (built in)"));
    m_dataset->addItem(tr("MNIST (folder)"));
    m_dataset->addItem(tr("CIFAR-10 (folder)"));
    m_dataset->addItem(tr("CIFAR-100 (folder)"));
    m_dataset->addItem(tr("Image folder (one folder per class)"));
    m_dataset->addItem(tr("Shapes (generated)"));
    m_dataset->setToolTip(tr("The images to train on. Fashion-MNIST ships with Debian "
                             "(dataset-fashion-mnist): 60,000 training and 10,000 test images of "
                             "clothing, 28×28 gray, 10 classes."));
    m_form->addRow(tr("&Dataset:"), m_dataset);

    m_folderRow = new QWidget;
    auto* folderLayout = new QHBoxLayout(m_folderRow);
    folderLayout->setContentsMargins(0, 0, 0, 0);
    m_folder = new QLineEdit;
    m_folder->setPlaceholderText(tr("Folder with the dataset files"));
    m_folder->setToolTip(tr("MNIST: the four IDX files (.gz or not). CIFAR: the binary version's "
                            "folder. Image folder: one subfolder per class, or train/ and test/ "
                            "each with one subfolder per class."));
    m_browse = new QToolButton;
    m_browse->setText(tr("…"));
    m_browse->setToolTip(tr("Choose the folder"));
    folderLayout->addWidget(m_folder);
    folderLayout->addWidget(m_browse);
    m_form->addRow(tr("Folder:"), m_folderRow);

    m_imageSize = spin(8, 512, 32, tr("Images are resized to this height and width (pixels)."));
    m_imageSize->setSuffix(tr(" px"));
    m_form->addRow(tr("Image size:"), m_imageSize);
    m_channels = new QComboBox;
    m_channels->addItem(tr("Color (3 channels)"), 3);
    m_channels->addItem(tr("Gray (1 channel)"), 1);
    m_form->addRow(tr("Channels:"), m_channels);

    m_datasetInfo = new QLabel;
    m_datasetInfo->setWordWrap(true);
    m_datasetInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(m_datasetInfo);

    m_valPercent = spin(0, 90, 10,
                        tr("Share of the training images held out (stratified by class) to "
                           "validate on after each epoch. 0 turns validation off."));
    m_valPercent->setSuffix(tr(" %"));
    m_form->addRow(tr("&Validation:"), m_valPercent);
    m_limit = spin(0, 10'000'000, 0,
                   tr("Train on a class-balanced subset of at most this many images: quick "
                      "experiments. 0 uses them all."));
    m_limit->setSpecialValueText(tr("all"));
    m_limit->setSingleStep(1000);
    m_form->addRow(tr("Training images:"), m_limit);

    auto* input = new QWidget;
    auto* inputLayout = new QHBoxLayout(input);
    inputLayout->setContentsMargins(0, 0, 0, 0);
    m_resize = spin(0, 2048, 0,
                    tr("Resize every image so its shorter side has this many pixels, then cut the "
                       "centre square of the crop size: what models pretrained on ImageNet expect "
                       "(256 then 224). Larger images cost time: a 224-pixel image is 64 times a "
                       "28-pixel one."));
    m_resize->setPrefix(tr("resize "));
    m_resize->setSuffix(tr(" px"));
    m_resize->setSpecialValueText(tr("as stored"));
    m_crop = spin(0, 2048, 0, tr("The square each model sees (0: the whole image)."));
    m_crop->setPrefix(tr("crop "));
    m_crop->setSuffix(tr(" px"));
    m_crop->setSpecialValueText(tr("no crop"));
    m_randomCrop = new QCheckBox(tr("random"));
    m_randomCrop->setToolTip(tr("Training images: a random square of the crop size instead of "
                                "the centre one (evaluation always uses the centre)."));
    inputLayout->addWidget(m_resize);
    inputLayout->addWidget(m_crop);
    inputLayout->addWidget(m_randomCrop);
    m_form->addRow(tr("Model input:"), input);
    m_normalize = new QComboBox;
    m_normalize->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_normalize->addItem(tr("This dataset's mean and std"), QStringLiteral("dataset"));
    m_normalize->addItem(tr("ImageNet's mean and std"), QStringLiteral("imagenet"));
    m_normalize->setToolTip(tr("Automatic: ImageNet's mean and std (0.485, 0.456, 0.406 / 0.229, "
                               "0.224, 0.225; for gray images their averages) when a model starts "
                               "from pretrained weights, else the training images' own."));
    m_form->addRow(tr("Normalisation:"), m_normalize);

    auto* augment = new QWidget;
    auto* augmentLayout = new QHBoxLayout(augment);
    augmentLayout->setContentsMargins(0, 0, 0, 0);
    m_cropPadding = spin(0, 16, 0,
                         tr("Random crop after padding each side with this many zero pixels "
                            "(CIFAR recipes use 4). 0: off."));
    m_cropPadding->setPrefix(tr("crop ±"));
    m_cropPadding->setSuffix(tr(" px"));
    m_hflip = new QCheckBox(tr("h-flip"));
    m_hflip->setToolTip(tr("Mirror half of the training images left to right."));
    m_hflip->setChecked(true);
    m_vflip = new QCheckBox(tr("v-flip"));
    m_vflip->setToolTip(tr("Flip half of the training images upside down (rarely helps)."));
    augmentLayout->addWidget(m_cropPadding);
    augmentLayout->addWidget(m_hflip);
    augmentLayout->addWidget(m_vflip);
    m_form->addRow(tr("Augment:"), augment);
    m_erase = new QDoubleSpinBox;
    m_erase->setRange(0.0, 1.0);
    m_erase->setSingleStep(0.05);
    m_erase->setDecimals(2);
    m_erase->setToolTip(tr("Random erasing (Zhong et al. 2017): probability that a random "
                           "rectangle of each training image is blanked."));
    m_form->addRow(tr("Random erasing:"), m_erase);

    m_epochs = spin(1, 1000, 5, tr("Passes over the training images."));
    m_form->addRow(tr("&Epochs:"), m_epochs);
    m_batch =
        spin(1, 4096, 128, tr("Images per training step. Both models see the very same batches."));
    m_form->addRow(tr("&Batch size:"), m_batch);
    m_valEvery = spin(0, 100000, 100,
                      tr("Also measure validation accuracy after every this many batches, on a "
                         "fixed subset of the validation images, so the first minutes of a run "
                         "already show how the models generalise. Training is not changed by it."));
    m_valEvery->setSpecialValueText(tr("at epoch ends only"));
    m_valEvery->setPrefix(tr("every "));
    m_valEvery->setSuffix(tr(" batches"));
    m_form->addRow(tr("Validation checks:"), m_valEvery);
    m_seed = spin(0, 1'000'000'000, 0,
                  tr("Seeds the split, the data order, augmentation and the initial weights: the "
                     "same seed and settings give the same curves."));
    m_form->addRow(tr("Seed:"), m_seed);
    m_repeats = spin(1, 20, 1,
                     tr("Train the duel once per seed (the seed above, then the next ones) and "
                        "compare the runs statistically: curves show the mean ± standard "
                        "deviation, the table mean ± std and a paired t-test. One run alone cannot "
                        "tell a real difference from luck."));
    m_form->addRow(tr("Repeats:"), m_repeats);
    m_threads = spin(0, 256, 0, tr("CPU threads for training. 0 uses every core."));
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(resdense::default_threads()));
    m_form->addRow(tr("Threads:"), m_threads);
    m_device = new QComboBox;
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    if (resdense::cuda_available())
        m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    m_device->setToolTip(tr("Where the models train. CUDA appears when LibTorch sees a GPU."));
    m_form->addRow(tr("Device:"), m_device);
    m_precision = new QComboBox;
    const bool bf16 = resdense::cpu_has_native_bf16();
    m_precision->addItem(bf16 ? tr("Automatic (bf16 mixed: this CPU has it)")
                              : tr("Automatic (fp32: this CPU lacks fast bf16)"),
                         static_cast<int>(resdense::Precision::Auto));
    m_precision->addItem(tr("fp32"), static_cast<int>(resdense::Precision::FP32));
    m_precision->addItem(tr("bf16 mixed precision"), static_cast<int>(resdense::Precision::BF16));
    m_precision->setToolTip(tr("bf16 mixed precision computes convolutions in bfloat16 where the "
                               "CPU has AVX512-BF16 or AMX (or on CUDA): several times faster "
                               "for DenseNets, same accuracy."));
    m_form->addRow(tr("Precision:"), m_precision);

    auto* runsRow = new QWidget;
    auto* runsLayout = new QHBoxLayout(runsRow);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    m_runs = new QLineEdit;
    m_runs->setToolTip(tr("Each training run gets a folder here with its settings, metrics and "
                          "checkpoints; File → Open run… shows it again, and the command-line "
                          "tool resdense can resume it."));
    auto* runsBrowse = new QToolButton;
    runsBrowse->setText(tr("…"));
    runsLayout->addWidget(m_runs);
    runsLayout->addWidget(runsBrowse);
    m_form->addRow(tr("Save runs in:"), runsRow);

    const auto emitChanged = [this] { Q_EMIT changed(); };
    const auto datasetEdited = [this] {
        updateRows();
        Q_EMIT datasetChanged();
        Q_EMIT changed();
    };
    connect(m_dataset, &QComboBox::currentIndexChanged, this, datasetEdited);
    connect(m_folder, &QLineEdit::editingFinished, this, datasetEdited);
    connect(m_imageSize, &QSpinBox::valueChanged, this, datasetEdited);
    connect(m_channels, &QComboBox::currentIndexChanged, this, datasetEdited);
    connect(m_valPercent, &QSpinBox::valueChanged, this, datasetEdited);
    connect(m_limit, &QSpinBox::valueChanged, this, datasetEdited);
    for (QSpinBox* s : {m_resize, m_crop, m_cropPadding, m_epochs, m_batch, m_valEvery, m_seed,
                        m_repeats, m_threads})
        connect(s, &QSpinBox::valueChanged, this, emitChanged);
    connect(m_erase, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_hflip, &QCheckBox::toggled, this, emitChanged);
    connect(m_randomCrop, &QCheckBox::toggled, this, emitChanged);
    connect(m_vflip, &QCheckBox::toggled, this, emitChanged);
    connect(m_device, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_normalize, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_precision, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_runs, &QLineEdit::textChanged, this, emitChanged);
    connect(m_browse, &QToolButton::clicked, this, &ExperimentPanel::browseFolder);
    connect(runsBrowse, &QToolButton::clicked, this, &ExperimentPanel::browseRuns);
    updateRows();
}

void ExperimentPanel::updateRows()
{
    const Kind& k = kindAt(m_dataset->currentIndex());
    m_form->setRowVisible(m_folderRow, k.needsFolder);
    m_form->setRowVisible(m_imageSize, k.hasShape);
    m_form->setRowVisible(m_channels, k.hasShape);
}

void ExperimentPanel::browseFolder()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Dataset folder"), m_folder->text());
    if (dir.isEmpty())
        return;
    m_folder->setText(dir);
    updateRows();
    Q_EMIT datasetChanged();
    Q_EMIT changed();
}

void ExperimentPanel::browseRuns()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Save runs in"), m_runs->text());
    if (!dir.isEmpty())
        m_runs->setText(dir);
}

resdense::DatasetOptions ExperimentPanel::datasetOptions() const
{
    resdense::DatasetOptions d;
    const Kind& k = kindAt(m_dataset->currentIndex());
    d.spec = k.id;
    if (k.needsFolder)
        d.spec += ":" + QDir::cleanPath(m_folder->text().trimmed()).toStdString();
    if (k.hasShape) {
        d.image_size = m_imageSize->value();
        d.channels = m_channels->currentData().toInt();
    }
    d.val_fraction = m_valPercent->value() / 100.0;
    d.limit = m_limit->value();
    d.seed = static_cast<std::uint64_t>(m_seed->value());
    return d;
}

int ExperimentPanel::repeats() const
{
    return m_repeats->value();
}

void ExperimentPanel::setRepeats(int repeats)
{
    m_repeats->setValue(repeats);
}

int ExperimentPanel::batchSize() const
{
    return m_batch->value();
}

void ExperimentPanel::applyTo(resdense::RunConfig& c) const
{
    c.dataset = datasetOptions();
    c.input.resize = m_resize->value();
    c.input.crop = m_crop->value();
    c.input.random_crop = m_randomCrop->isChecked();
    c.input.normalize = m_normalize->currentData().toString().toStdString();
    c.augment.crop_padding = m_cropPadding->value();
    c.augment.hflip = m_hflip->isChecked();
    c.augment.vflip = m_vflip->isChecked();
    c.augment.erase_prob = m_erase->value();
    c.epochs = m_epochs->value();
    c.batch_size = m_batch->value();
    c.val_every = m_valEvery->value();
    c.val_subset = m_valSubset;
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    c.threads = m_threads->value();
    c.device = m_device->currentData().toString().toStdString();
    c.precision = static_cast<resdense::Precision>(m_precision->currentData().toInt());
}

void ExperimentPanel::load(const resdense::RunConfig& c)
{
    QSignalBlocker block(this); // one changed() at the end, not one per field
    const QString spec = qs(c.dataset.spec);
    const QString id = spec.section(QLatin1Char(':'), 0, 0);
    const QString rest = spec.section(QLatin1Char(':'), 1);
    for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i)
        if (id == QLatin1String(kKinds[i].id))
            m_dataset->setCurrentIndex(i);
    if (kindAt(m_dataset->currentIndex()).needsFolder || id == QLatin1String("fashion-mnist"))
        m_folder->setText(rest);
    if (c.dataset.image_size > 0)
        m_imageSize->setValue(c.dataset.image_size);
    if (c.dataset.channels > 0)
        m_channels->setCurrentIndex(c.dataset.channels == 1 ? 1 : 0);
    m_valPercent->setValue(static_cast<int>(std::lround(c.dataset.val_fraction * 100)));
    m_limit->setValue(static_cast<int>(c.dataset.limit));
    m_resize->setValue(c.input.resize);
    m_crop->setValue(c.input.crop);
    m_randomCrop->setChecked(c.input.random_crop);
    const int normalize = m_normalize->findData(qs(c.input.normalize));
    m_normalize->setCurrentIndex(normalize >= 0 ? normalize : 0);
    m_cropPadding->setValue(c.augment.crop_padding);
    m_hflip->setChecked(c.augment.hflip);
    m_vflip->setChecked(c.augment.vflip);
    m_erase->setValue(c.augment.erase_prob);
    m_epochs->setValue(c.epochs);
    m_batch->setValue(static_cast<int>(c.batch_size));
    m_valEvery->setValue(static_cast<int>(c.val_every));
    m_valSubset = c.val_subset;
    m_seed->setValue(static_cast<int>(c.seed));
    m_threads->setValue(c.threads);
    const int device = m_device->findData(qs(c.device));
    m_device->setCurrentIndex(device >= 0 ? device : 0);
    const int precision = m_precision->findData(static_cast<int>(c.precision));
    m_precision->setCurrentIndex(precision >= 0 ? precision : 0);
    updateRows();
    block.unblock();
    Q_EMIT datasetChanged();
    Q_EMIT changed();
}

QString ExperimentPanel::runsFolder() const
{
    return m_runs->text().trimmed();
}

void ExperimentPanel::setRunsFolder(const QString& dir)
{
    m_runs->setText(dir);
}

void ExperimentPanel::setDatasetInfo(const QString& text, bool ok)
{
    m_datasetOk = ok;
    m_datasetInfo->setText(text);
    m_datasetInfo->setStyleSheet(ok ? QString() : QStringLiteral("color: #d32f2f;"));
}

QString ExperimentPanel::problem() const
{
    if (kindAt(m_dataset->currentIndex()).needsFolder && m_folder->text().trimmed().isEmpty())
        return tr("Choose the dataset's folder.");
    if (!m_datasetOk)
        return tr("The dataset cannot be read (see the message under it).");
    if (runsFolder().isEmpty())
        return tr("Choose where to save runs.");
    return {};
}

} // namespace resdense::ui
