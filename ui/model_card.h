#pragma once

#include <optional>

#include <QGroupBox>
#include <QString>
#include <QTimer>

#include "resdense/model_summary.h"
#include "resdense/run_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace resdense::ui {

// One model slot ("A" or "B"): architecture family, preset, the family's hyperparameters and the
// optimizer settings. Checkable: unchecked, the run trains the other model alone. Parameter count,
// MACs and memory are computed in the background as the user edits (building a model is torch
// work, which never runs on the GUI thread).
class ModelCard : public QGroupBox {
    Q_OBJECT
public:
    // Starts from `initial` (its name is the slot's for good).
    explicit ModelCard(const resdense::SlotConfig& initial, QWidget* parent = nullptr);

    resdense::SlotConfig slotConfig() const;
    void load(const resdense::SlotConfig& config);
    // The dataset's shape, so the summary counts the right input and output layers.
    void setDataShape(int channels, int classes, int imageSize);
    void setBatchSize(int batchSize);

    // Why this card cannot train ("" when it can), shown at the field that is wrong.
    QString problem() const { return m_problem; }
    const std::optional<resdense::ModelSummary>& summary() const { return m_summary; }
    QString displayName() const; // "A · ResNet-20"

    QComboBox* familyCombo() const { return m_family; }
    QComboBox* presetCombo() const { return m_preset; }
    QSpinBox* depthSpin() const { return m_depth; }
    QSpinBox* growthSpin() const { return m_growth; }
    QDoubleSpinBox* learningRateSpin() const { return m_lr; }
    QComboBox* optimizerCombo() const { return m_optimizer; }
    QComboBox* scheduleCombo() const { return m_schedule; }
    QLabel* infoLabel() const { return m_info; }

Q_SIGNALS:
    void changed();
    void summaryReady();

private:
    void fillPresets();
    void applyPreset(const QString& name);
    void updateRows();
    void edited();
    void validateAndSchedule();
    void computeSummary();
    void showSummary();
    resdense::ModelSpec spec() const;
    QString pretrainedSource() const; // "", "imagenet" or the file

    QString m_slotName;
    QFormLayout* m_form = nullptr;
    QComboBox* m_family = nullptr;
    QComboBox* m_preset = nullptr;
    QSpinBox* m_depth = nullptr;
    QDoubleSpinBox* m_width = nullptr;
    QComboBox* m_shortcut = nullptr;
    QSpinBox* m_growth = nullptr;
    QCheckBox* m_bottleneck = nullptr;
    QDoubleSpinBox* m_compression = nullptr;
    QDoubleSpinBox* m_dropout = nullptr;
    QCheckBox* m_memoryEfficient = nullptr;
    QComboBox* m_stem = nullptr;
    QComboBox* m_startFrom = nullptr;
    QLineEdit* m_weightsFile = nullptr;
    QComboBox* m_freeze = nullptr;
    QDoubleSpinBox* m_headLr = nullptr;
    QComboBox* m_optimizer = nullptr;
    QDoubleSpinBox* m_lr = nullptr;
    QDoubleSpinBox* m_momentum = nullptr;
    QCheckBox* m_nesterov = nullptr;
    QDoubleSpinBox* m_weightDecay = nullptr;
    QComboBox* m_schedule = nullptr;
    QDoubleSpinBox* m_warmup = nullptr;
    QDoubleSpinBox* m_smoothing = nullptr;
    QLabel* m_info = nullptr;
    QLabel* m_error = nullptr;

    resdense::ModelSpec m_base;               // the preset's spec; the fields override it
    resdense::PretrainedWeights m_pretrained; // as loaded: a run's pinned file and hash
    double m_clipGradNorm = 0.0;              // no field; kept from the loaded config
    int m_channels = 1, m_classes = 10, m_imageSize = 28, m_batchSize = 128;
    bool m_loading = false;
    QString m_problem;
    std::optional<resdense::ModelSummary> m_summary;
    QTimer m_debounce;
    int m_generation = 0;
};

// "ResNet-20", "DenseNet-BC-40 (k=12)": short enough for legends and table headers.
QString shortModelName(const resdense::ModelSpec& spec);

} // namespace resdense::ui
