// The main window's files and images: drops, paste, the classify and open dialogs, exports.
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

#include "chart_export.h"
#include "classify_panel.h"
#include "curves_view.h"
#include "experiment_panel.h"
#include "main_window.h"
#include "resdense/experiments.h"
#include "snapshot_classifiers.h"

namespace resdense::ui {

namespace {

QString lastDir(const char* key, const QString& fallback)
{
    return QSettings().value(QLatin1String("dirs/") + QLatin1String(key), fallback).toString();
}

void rememberDir(const char* key, const QString& file)
{
    QSettings().setValue(QLatin1String("dirs/") + QLatin1String(key),
                         QFileInfo(file).absolutePath());
}

QByteArray pngBytes(const QImage& image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

// Image files are classified; a run folder is opened; anything else gets a message.
void MainWindow::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    QStringList files;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) {
            showError(tr("Cannot classify"),
                      tr("%1 is not a local file; save it first, then drop the file.")
                          .arg(url.toDisplayString()));
            continue;
        }
        const QString path = url.toLocalFile();
        if (resdense::is_run_or_repeats_folder(path.toStdString())) {
            openRun(path);
            continue;
        }
        files << path;
    }
    if (!files.isEmpty())
        classifyFiles(files);
    else if (mime->urls().isEmpty() && mime->hasImage())
        m_classifiers->classifyEncoded(pngBytes(qvariant_cast<QImage>(mime->imageData())),
                                       tr("dropped image"));
    event->acceptProposedAction();
}

void MainWindow::classifyFiles(const QStringList& paths)
{
    for (const QString& path : paths)
        m_classifiers->classifyFile(path);
    if (!m_classifiers->hasAnyModel())
        statusBar()->showMessage(tr("No trained model yet: start training or open a run."), 8000);
}

bool MainWindow::pasteImage()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasImage()) {
        m_classifiers->classifyEncoded(pngBytes(qvariant_cast<QImage>(mime->imageData())),
                                       tr("pasted image"));
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
    statusBar()->showMessage(tr("The clipboard holds no image."), 5000);
    return false;
}

void MainWindow::onClassified(const ImageVerdict& verdict)
{
    m_classify->addVerdict(verdict);
    if (!verdict.error.isEmpty())
        statusBar()->showMessage(verdict.error, 8000);
}

void MainWindow::chooseImagesToClassify()
{
    QStringList patterns;
    for (const QByteArray& format : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Classify images"), lastDir("images", QDir::homePath()),
        tr("Images (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (files.isEmpty())
        return;
    rememberDir("images", files.front());
    classifyFiles(files);
}

void MainWindow::chooseRunToOpen()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run folder"),
                                                          lastDir("runs", m_panel->runsFolder()));
    if (dir.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("dirs/runs"), QFileInfo(dir).absolutePath());
    openRun(dir);
}

QString MainWindow::exportBaseName() const
{
    const QString run =
        m_runDir.isEmpty()
            ? QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))
            : QFileInfo(m_runDir).fileName();
    return QStringLiteral("resdense-") + run;
}

QString MainWindow::exportChartTo(const QString& path, ChartPart part) const
{
    const auto names = m_curves->modelNames();
    QString title;
    for (int s = 0; s < 2; ++s)
        if (m_store.hasData(s) || !names[s].isEmpty())
            title += (title.isEmpty() ? QString() : tr(" vs ")) + names[s];
    if (!m_runConfig.dataset.spec.empty())
        title += tr(" on %1").arg(QString::fromStdString(m_runConfig.dataset.spec));
    return exportChart(m_store, m_curves->options(), part, title, names, path);
}

QString MainWindow::exportCsvTo(const QString& path, bool batches) const
{
    return exportCsv(m_store, path, batches);
}

QString MainWindow::exportJsonTo(const QString& path) const
{
    return exportJson(m_store, m_summary, path);
}

void MainWindow::exportChartDialog(ChartPart part)
{
    const QString suffix = part == ChartPart::Sheet  ? QStringLiteral("-comparison")
                           : part == ChartPart::Loss ? QStringLiteral("-loss")
                                                     : QStringLiteral("-accuracy");
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"),
        QDir(lastDir("export", QDir::homePath()))
            .filePath(exportBaseName() + suffix + QStringLiteral(".png")),
        tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty())
        return;
    QString file = path;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected.contains(QLatin1String("pdf"))   ? QStringLiteral(".pdf")
                : selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
                                                          : QStringLiteral(".png");
    rememberDir("export", file);
    const QString error = exportChartTo(file, part);
    if (!error.isEmpty())
        showError(tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(file)), 8000);
}

void MainWindow::exportDataDialog(int kind)
{
    const bool json = kind == 2;
    const QString name = exportBaseName() + (kind == 0   ? QStringLiteral("-epochs.csv")
                                             : kind == 1 ? QStringLiteral("-batches.csv")
                                                         : QStringLiteral("-metrics.json"));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export metrics"), QDir(lastDir("export", QDir::homePath())).filePath(name),
        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    rememberDir("export", path);
    const QString error = json ? exportJsonTo(path) : exportCsvTo(path, kind == 1);
    if (!error.isEmpty())
        showError(tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 8000);
}

} // namespace resdense::ui
