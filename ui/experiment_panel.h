#pragma once

#include <QGroupBox>
#include <QString>

#include "resdense/run_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace resdense::ui {

// The run's shared settings: dataset, split, augmentation, epochs, batch size, seed, threads,
// device, precision and where run folders go. Emits changed() on every edit.
class ExperimentPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    // Fills everything but the slots.
    void applyTo(resdense::RunConfig& config) const;
    void load(const resdense::RunConfig& config);
    resdense::DatasetOptions datasetOptions() const;

    // How many times to train the duel, with seeds seed, seed + 1, ... (1: once).
    int repeats() const;
    void setRepeats(int repeats);

    int batchSize() const;

    QString runsFolder() const;
    void setRunsFolder(const QString& dir);

    // What the main window learnt by loading the dataset in the background.
    void setDatasetInfo(const QString& text, bool ok);
    bool datasetOk() const { return m_datasetOk; }
    // Why the settings cannot run ("" when they can): e.g. a folder dataset without a folder.
    QString problem() const;

    QComboBox* datasetCombo() const { return m_dataset; }
    QLineEdit* folderEdit() const { return m_folder; }
    QSpinBox* epochsSpin() const { return m_epochs; }
    QSpinBox* batchSizeSpin() const { return m_batch; }

Q_SIGNALS:
    void changed();
    void datasetChanged();

private:
    void updateRows();
    void browseFolder();
    void browseRuns();

    QFormLayout* m_form = nullptr;
    QComboBox* m_dataset = nullptr;
    QLineEdit* m_folder = nullptr;
    QToolButton* m_browse = nullptr;
    QWidget* m_folderRow = nullptr;
    QSpinBox* m_imageSize = nullptr;
    QComboBox* m_channels = nullptr;
    QLabel* m_datasetInfo = nullptr;
    QSpinBox* m_resize = nullptr;
    QSpinBox* m_crop = nullptr;
    QCheckBox* m_randomCrop = nullptr;
    QComboBox* m_normalize = nullptr;
    QSpinBox* m_valPercent = nullptr;
    QSpinBox* m_limit = nullptr;
    QSpinBox* m_cropPadding = nullptr;
    QCheckBox* m_hflip = nullptr;
    QCheckBox* m_vflip = nullptr;
    QDoubleSpinBox* m_erase = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_repeats = nullptr;
    QSpinBox* m_threads = nullptr;
    QSpinBox* m_valEvery = nullptr;
    std::int64_t m_valSubset = 1000; // not shown: kept from the loaded config
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;
    QLineEdit* m_runs = nullptr;
    bool m_datasetOk = true;
};

} // namespace resdense::ui
