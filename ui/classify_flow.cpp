#include "classify_flow.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QMimeData>
#include <QSettings>
#include <QUrl>

#include "classify_panel.h"
#include "resdense/experiments.h"
#include "snapshot_classifiers.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

QByteArray pngBytes(const QImage& image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

ClassifyFlow::ClassifyFlow(QWidget* dialogParent, ClassifyPanel* panel, QObject* parent)
    : QObject(parent), m_dialogParent(dialogParent), m_panel(panel),
      m_classifiers(new SnapshotClassifiers(this))
{
    connect(m_classifiers, &SnapshotClassifiers::classified, this, &ClassifyFlow::show);
    connect(m_classifiers, &SnapshotClassifiers::snapshotLoaded, this,
            &ClassifyFlow::showReadyModels);
    connect(m_classifiers, &SnapshotClassifiers::snapshotFailed, this,
            [this](int slot, const QString& why) {
                m_panel->setSnapshotState(
                    tr("Model %1 cannot classify: %2").arg(slotLabel(slot), why));
            });
}

bool ClassifyFlow::accepts(const QMimeData* mime) const
{
    return mime->hasUrls() || mime->hasImage();
}

// Image files are classified; a run folder is opened; anything else gets a message.
void ClassifyFlow::drop(const QMimeData* mime)
{
    QStringList files;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) {
            Q_EMIT error(tr("Cannot classify"),
                         tr("%1 is not a local file; save it first, then drop the file.")
                             .arg(url.toDisplayString()));
            continue;
        }
        const QString path = url.toLocalFile();
        if (resdense::is_run_or_repeats_folder(path.toStdString()))
            Q_EMIT runFolderDropped(path);
        else
            files << path;
    }
    if (!files.isEmpty())
        classifyFiles(files);
    else if (mime->urls().isEmpty() && mime->hasImage())
        classifyEncoded(pngBytes(qvariant_cast<QImage>(mime->imageData())), tr("dropped image"));
}

void ClassifyFlow::classifyFiles(const QStringList& paths)
{
    Q_EMIT aboutToClassify();
    for (const QString& path : paths)
        m_classifiers->classifyFile(path);
    if (!m_classifiers->hasAnyModel() && !m_classifiers->awaitingSnapshots())
        Q_EMIT message(tr("No trained model yet: start training or open a run."), 8000);
}

void ClassifyFlow::classifyEncoded(const QByteArray& bytes, const QString& source)
{
    Q_EMIT aboutToClassify();
    m_classifiers->classifyEncoded(bytes, source);
    if (!m_classifiers->hasAnyModel() && !m_classifiers->awaitingSnapshots())
        Q_EMIT message(tr("No trained model yet: start training or open a run."), 8000);
}

bool ClassifyFlow::paste()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasImage()) {
        classifyEncoded(pngBytes(qvariant_cast<QImage>(mime->imageData())), tr("pasted image"));
        return true;
    }
    if (mime && mime->hasUrls()) {
        QStringList files;
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile())
                files << url.toLocalFile();
        if (!files.isEmpty()) {
            classifyFiles(files);
            return true;
        }
    }
    Q_EMIT message(tr("The clipboard holds no image."), 5000);
    return false;
}

void ClassifyFlow::chooseFiles()
{
    QStringList patterns;
    for (const QByteArray& format : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    QSettings settings;
    const QString key = QStringLiteral("dirs/images");
    const QStringList files = QFileDialog::getOpenFileNames(
        m_dialogParent, tr("Classify images"), settings.value(key, QDir::homePath()).toString(),
        tr("Images (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (files.isEmpty())
        return;
    settings.setValue(key, QFileInfo(files.front()).absolutePath());
    classifyFiles(files);
}

void ClassifyFlow::show(const ImageVerdict& verdict)
{
    m_panel->addVerdict(verdict);
    if (!verdict.error.isEmpty())
        Q_EMIT message(verdict.error, 8000);
}

void ClassifyFlow::showReadyModels()
{
    QStringList ready;
    for (int s = 0; s < 2; ++s)
        if (m_classifiers->hasModel(s))
            ready << m_classifiers->modelName(s);
    m_panel->setSnapshotState(tr("Classifying with: %1").arg(ready.join(tr(", "))));
}

} // namespace resdense::ui
