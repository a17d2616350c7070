#include "snapshot_classifiers.h"

#include <utility>

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "resdense/error.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

constexpr qint64 kMaxImageBytes = 256LL << 20; // larger files are not images a user drops

using ClassifierPtr = std::shared_ptr<const resdense::Classifier>;

struct Loaded {
    ClassifierPtr model;
    QString error;
};

} // namespace

bool ImageVerdict::disagree() const
{
    const auto& a = predictions[0];
    const auto& b = predictions[1];
    return present[0] && present[1] && a.ok && b.ok && !a.top.empty() && !b.top.empty() &&
           a.top.front().index != b.top.front().index;
}

SnapshotClassifiers::SnapshotClassifiers(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<ImageVerdict>();
}

bool SnapshotClassifiers::hasModel(int slot) const
{
    return m_models.at(slot) != nullptr;
}

void SnapshotClassifiers::clear()
{
    for (int i = 0; i < 2; ++i) {
        m_models[i].reset();
        m_names[i].clear();
        ++m_generation[i];
    }
}

void SnapshotClassifiers::loadSnapshot(int slot, const QString& path, const QString& modelName)
{
    const int generation = ++m_generation.at(slot);
    if (path.isEmpty()) {
        m_models[slot].reset();
        m_names[slot].clear();
        return;
    }
    if (m_expected > 0)
        --m_expected; // already counted in m_loading
    else
        ++m_loading;
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this,
            [this, watcher, slot, generation, modelName] {
                watcher->deleteLater();
                if (generation == m_generation[slot]) { // else a newer snapshot was asked for
                    const Loaded r = watcher->result();
                    if (!r.model) {
                        Q_EMIT snapshotFailed(slot, r.error);
                    } else {
                        m_models[slot] = r.model;
                        m_names[slot] = modelName;
                        Q_EMIT snapshotLoaded(slot, modelName);
                    }
                }
                loadDone();
            });
    watcher->setFuture(QtConcurrent::run([path]() -> Loaded {
        try {
            return {resdense::Classifier::load(path.toStdString()), {}};
        } catch (const std::exception& e) {
            return {nullptr, qs(e.what())};
        }
    }));
}

void SnapshotClassifiers::classifyFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists() || info.isDir()) {
        ImageVerdict v;
        v.source = path;
        v.error = info.isDir() ? tr("%1 is a folder, not an image.").arg(info.fileName())
                               : tr("%1 does not exist.").arg(path);
        Q_EMIT classified(v);
        return;
    }
    if (info.size() > kMaxImageBytes) {
        ImageVerdict v;
        v.source = path;
        v.error = tr("%1 is too large to be an image (%2).")
                      .arg(info.fileName(), formatBytes(info.size()));
        Q_EMIT classified(v);
        return;
    }
    classify({path, {}, path}); // read on the thread pool, not here
}

void SnapshotClassifiers::classifyEncoded(const QByteArray& bytes, const QString& source)
{
    classify({{}, bytes, source});
}

void SnapshotClassifiers::expectSnapshots(int count)
{
    if (count <= 0)
        return;
    m_expected += count;
    m_loading += count;
    QTimer::singleShot(20000, this, [this, generation = ++m_holdGeneration] {
        if (generation == m_holdGeneration)
            releaseExpected();
    });
}

void SnapshotClassifiers::releaseExpected()
{
    if (m_expected == 0)
        return;
    m_loading -= m_expected - 1;
    m_expected = 0;
    loadDone();
}

void SnapshotClassifiers::loadDone()
{
    if (--m_loading > 0)
        return;
    for (const Request& request : std::exchange(m_waiting, {}))
        classify(request);
}

void SnapshotClassifiers::classify(const Request& request)
{
    if (m_loading > 0) {
        m_waiting.append(request);
        return;
    }
    const std::array<ClassifierPtr, 2> models = m_models;
    auto* watcher = new QFutureWatcher<ImageVerdict>(this);
    connect(watcher, &QFutureWatcher<ImageVerdict>::finished, this, [this, watcher] {
        watcher->deleteLater();
        Q_EMIT classified(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([models, request]() {
        ImageVerdict v;
        v.source = request.source;
        v.encoded = request.bytes;
        if (!request.file.isEmpty()) {
            QFile file(request.file);
            if (!file.open(QIODevice::ReadOnly)) {
                v.error = tr("Cannot read %1: %2")
                              .arg(QFileInfo(request.file).fileName(), file.errorString());
                return v;
            }
            v.encoded = file.readAll();
        }
        const QByteArray& bytes = v.encoded;
        const std::string source = request.source.toStdString();
        const std::string_view view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        for (int i = 0; i < 2; ++i) {
            if (!models[i])
                continue;
            v.present[i] = true;
            v.predictions[i] = models[i]->classify_encoded(view, source, 5, /*explain=*/true);
        }
        // Not an image to either model: say so once in the user's language, with the decoder's
        // own reason (OpenCV's words, in English) after it.
        const auto& first = v.present[0] ? v.predictions[0] : v.predictions[1];
        if ((v.present[0] || v.present[1]) && !first.ok)
            v.error = tr("%1 could not be classified: it is not an image the models can read "
                         "(%2).")
                          .arg(QFileInfo(request.source).fileName(), qs(first.error));
        return v;
    }));
}

} // namespace resdense::ui
