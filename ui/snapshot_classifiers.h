#pragma once

#include <array>
#include <memory>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include "metric_types.h"

namespace resdense::ui {

// What both models said about one image.
struct ImageVerdict {
    QString source;     // file path, or "pasted image"
    QByteArray encoded; // the image bytes, for showing it
    QString error;      // set when the input is not an image at all (nothing was classified)
    std::array<bool, 2> present{false, false}; // whether slot i had a model to ask
    std::array<resdense::Prediction, 2> predictions;
    bool disagree() const; // both answered, with different top classes
};

// The latest inference snapshot of each slot (a checkpoint loaded into an immutable engine
// Classifier) and classification off the GUI thread. Loading and classifying run on Qt's global
// thread pool; results come back as signals on the GUI thread.
class SnapshotClassifiers : public QObject {
    Q_OBJECT
public:
    explicit SnapshotClassifiers(QObject* parent = nullptr);

    // Loads the checkpoint for the slot in the background; a newer request for the same slot
    // wins over an older one still loading. An empty path forgets the slot's model.
    void loadSnapshot(int slot, const QString& checkpointPath, const QString& modelName);
    void clear();
    bool hasModel(int slot) const;
    bool hasAnyModel() const { return hasModel(0) || hasModel(1); }
    QString modelName(int slot) const { return m_names.at(slot); }

    // Images asked for from now wait until `count` more snapshots have loaded (or failed), or
    // releaseExpected() is called, or 20 s pass: for weights being written mid-epoch.
    void expectSnapshots(int count);
    void releaseExpected();
    bool awaitingSnapshots() const { return m_expected > 0; }

    // Images asked for while a model is still loading wait for it, then go.
    void classifyFile(const QString& path);
    void classifyEncoded(const QByteArray& bytes, const QString& source);

Q_SIGNALS:
    void snapshotLoaded(int slot, const QString& modelName);
    void snapshotFailed(int slot, const QString& error);
    void classified(const resdense::ui::ImageVerdict& verdict);

private:
    struct Request {
        QString file;     // read on the thread pool when set
        QByteArray bytes; // else these
        QString source;
    };
    void classify(const Request& request);
    void loadDone();

    std::array<std::shared_ptr<const resdense::Classifier>, 2> m_models;
    std::array<QString, 2> m_names;
    std::array<int, 2> m_generation{0, 0};
    int m_loading = 0;
    int m_expected = 0; // snapshots asked for, counted in m_loading until each arrives
    int m_holdGeneration = 0;
    QList<Request> m_waiting;
};

} // namespace resdense::ui

Q_DECLARE_METATYPE(resdense::ui::ImageVerdict)
