#pragma once

#include <QString>

namespace resdense::ui {

// The comparison report of a run folder (File → Export report…, and `resdense-workbench --report
// RUN -o FILE`): both models' settings, the curves, the comparison table with the statistical
// verdict, the test confusion matrices and their difference, per-class accuracy, a sample of the
// images the models disagree on with each model's Grad-CAM, and the environment.
//
// The format follows outPath's suffix: .html or .htm (one self-contained file, pictures embedded)
// or .pdf (A4, the same content). Written through QSaveFile: a failure leaves any earlier file at
// outPath as it was. A run without test predictions still gets a report, which says what is
// missing and how to get it.
//
// Returns "" on success, else a message for the user (naming the file or folder at fault). Needs
// a QApplication (charts are drawn with widgets; the offscreen platform will do); call it on the
// GUI thread. Takes a second or two for a run on small images (Grad-CAM of up to 18 images).
QString writeReport(const QString& runDir, const QString& outPath);

} // namespace resdense::ui
