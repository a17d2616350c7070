#include "run_insight.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "model_card.h"
#include "resdense/error.h"
#include "resdense/predictions.h"
#include "resdense/run_record.h"
#include "slot_map.h"
#include "text_format.h"

namespace resdense::ui {
namespace {

void addProblem(RunInsight& insight, const QString& text)
{
    insight.problem += (insight.problem.isEmpty() ? QString() : QStringLiteral("\n")) + text;
}

// The slot's test predictions: the best checkpoint's, else the final weights'.
bool readTest(RunInsight& insight, int card, const std::string& dir, const std::string& slot)
{
    for (const bool best : {true, false}) {
        const std::string path = resdense::predictions_path(dir, slot, best);
        if (!QFileInfo::exists(QString::fromStdString(path)))
            continue;
        try {
            insight.testPredictions[card] = resdense::read_predictions(path);
            insight.test[card] =
                resdense::confusion_matrix(insight.testPredictions[card], insight.classes.size());
            insight.hasTest[card] = true;
        } catch (const resdense::Error& e) {
            insight.testPredictions[card].clear();
            addProblem(insight,
                       QCoreApplication::translate("resdense::ui::RunInsight",
                                                   "Model %1's test predictions cannot be read: %2")
                           .arg(slotLabel(card), QString::fromUtf8(e.what())));
        }
        return true;
    }
    return false;
}

void readValidation(RunInsight& insight, int card, const std::string& dir, const std::string& slot)
{
    const std::string path = resdense::validation_predictions_path(dir, slot);
    if (!QFileInfo::exists(QString::fromStdString(path)))
        return;
    try {
        insight.validation[card] =
            resdense::confusion_matrix(resdense::read_predictions(path), insight.classes.size());
        insight.hasValidation[card] = true;
    } catch (const resdense::Error& e) {
        addProblem(insight, QCoreApplication::translate(
                                "resdense::ui::RunInsight",
                                "Model %1's validation predictions cannot be read: %2")
                                .arg(slotLabel(card), QString::fromUtf8(e.what())));
    }
}

// Class names from a checkpoint (loaded for Grad-CAM anyway), else numbers.
void loadModels(RunInsight& insight, const resdense::RunRecord& record, const SlotMap& slots,
                bool withModels)
{
    int classes = 0;
    for (std::size_t i = 0; i < record.config.slots.size() && i < 2; ++i) {
        const int card = slots.cards()[i];
        classes = std::max(classes, record.config.slots[i].model.num_classes);
        if (!withModels && !insight.classes.isEmpty())
            continue;
        const QString path =
            insightCheckpoint(insight.runDir, QString::fromStdString(record.config.slots[i].name));
        if (path.isEmpty())
            continue;
        try {
            auto model = resdense::Classifier::load(path.toStdString());
            if (insight.classes.isEmpty())
                for (const auto& c : model->classes())
                    insight.classes << QString::fromStdString(c);
            if (withModels)
                insight.models[card] = std::move(model);
        } catch (const resdense::Error& e) {
            addProblem(insight, QCoreApplication::translate(
                                    "resdense::ui::RunInsight",
                                    "Model %1's checkpoint cannot be loaded for Grad-CAM: %2")
                                    .arg(slotLabel(card), QString::fromUtf8(e.what())));
        }
    }
    for (int c = insight.classes.size(); c < classes; ++c)
        insight.classes
            << QCoreApplication::translate("resdense::ui::RunInsight", "class %1").arg(c);
}

} // namespace

QByteArray testImagePng(const RunInsight& insight, std::int64_t index)
{
    const auto it = insight.images.find(index);
    if (it == insight.images.end())
        return {};
    const std::string png = resdense::encode_png(it->second);
    return QByteArray(png.data(), static_cast<qsizetype>(png.size()));
}

QString insightCheckpoint(const QString& runDir, const QString& slotName)
{
    for (const char* kind : {"best", "last"}) {
        const QString path = QDir(runDir).filePath(
            QStringLiteral("models/%1-%2.pt").arg(slotName, QLatin1String(kind)));
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

RunInsight loadRunInsight(const QString& runDir, bool withImages, bool withModels)
{
    RunInsight insight;
    insight.runDir = runDir;
    resdense::RunRecord record;
    try {
        record = resdense::read_run(runDir.toStdString());
    } catch (const resdense::Error& e) {
        insight.problem = QString::fromUtf8(e.what());
        return insight;
    }
    const SlotMap slots(record.config);
    loadModels(insight, record, slots, withModels);
    const std::string dir = runDir.toStdString();
    QStringList missing;
    for (std::size_t i = 0; i < record.config.slots.size() && i < 2; ++i) {
        const int card = slots.cards()[i];
        const auto& slot = record.config.slots[i];
        insight.present[card] = true;
        insight.names[card] =
            QStringLiteral("%1 · %2").arg(slotLabel(card), shortModelName(slot.model));
        if (!readTest(insight, card, dir, slot.name))
            missing << slotLabel(card);
        readValidation(insight, card, dir, slot.name);
    }
    if (!missing.isEmpty())
        addProblem(insight,
                   QCoreApplication::translate(
                       "resdense::ui::RunInsight",
                       "No test predictions for model %1: the run was made before the workbench "
                       "kept them, or stopped before testing. Evaluate the best checkpoint on the "
                       "test set to get them.")
                       .arg(missing.join(QStringLiteral(", "))));
    if (insight.hasTest[0] && insight.hasTest[1]) {
        try {
            insight.disagreements =
                resdense::disagreements(insight.testPredictions[0], insight.testPredictions[1]);
        } catch (const resdense::Error& e) {
            addProblem(insight, QString::fromUtf8(e.what()));
        }
    }
    if (withImages && !insight.disagreements.empty()) {
        std::vector<std::int64_t> indices;
        for (const auto& d : insight.disagreements)
            indices.push_back(d.index);
        try {
            const auto images = resdense::test_images(record.config.dataset, indices);
            for (std::size_t i = 0; i < indices.size(); ++i)
                insight.images[indices[i]] = images[i];
        } catch (const resdense::Error& e) {
            addProblem(insight, QCoreApplication::translate("resdense::ui::RunInsight",
                                                            "The test images cannot be shown: %1")
                                    .arg(QString::fromUtf8(e.what())));
        }
    }
    return insight;
}

} // namespace resdense::ui
