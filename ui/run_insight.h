#pragma once

#include <array>
#include <map>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "resdense/classifier.h"
#include "resdense/insight.h"

namespace resdense::ui {

// What a run folder says about where each model fails: per-class results on the test split (the
// best checkpoint's predictions, predictions/<slot>-best-test.csv, else the final weights') and
// on validation (the last epoch's, <slot>-val.csv), the images the two disagree on with those
// images' pixels, and the best checkpoints loaded for Grad-CAM. Slot i is config.slots[i]: A, B.
struct RunInsight {
    QString runDir;
    QStringList classes;           // from the best checkpoints (else "class N")
    std::array<QString, 2> names;  // model names, as the run's config has them
    std::array<bool, 2> present{}; // whether the run has that slot at all
    std::array<bool, 2> hasTest{}, hasValidation{};
    std::array<resdense::ConfusionMatrix, 2> test, validation;
    std::array<std::vector<resdense::TestPrediction>, 2> testPredictions;
    std::vector<resdense::DisagreementItem> disagreements; // when both slots have test results
    std::map<std::int64_t, resdense::PixelImage> images;   // each disagreement's test image
    std::array<std::shared_ptr<const resdense::Classifier>, 2> models; // best (else last)
    QString problem; // what is missing or unreadable and how to get it; "" when all is there
    bool hasAnyTest() const { return hasTest[0] || hasTest[1]; }
    bool hasAnyValidation() const { return hasValidation[0] || hasValidation[1]; }
};

// Reads it all; never throws. Missing files (runs made before predictions were kept, runs stopped
// before testing) and corrupt ones are named in `problem`; what could be read is kept. Reading
// the disagreement images decodes the run's dataset (about a second for Fashion-MNIST). Slow
// parts: call it off the GUI thread.
RunInsight loadRunInsight(const QString& runDir, bool withImages = true, bool withModels = true);

// Test image `index` of the insight as PNG bytes (to classify it as a dropped image would be);
// empty when the insight does not hold that image.
QByteArray testImagePng(const RunInsight& insight, std::int64_t index);

// The run folder's best checkpoint of slot ("a" or "b" as named in the run), else its last.
QString insightCheckpoint(const QString& runDir, const QString& slotName);

} // namespace resdense::ui
