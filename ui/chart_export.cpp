#include "chart_export.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "qcustomplot_include.h"
#include "resdense/trainer.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

QString commit(QSaveFile& file);

QString openFailed(const QSaveFile& file)
{
    return QCoreApplication::translate("resdense::ui::ChartExport", "Cannot write %1: %2")
        .arg(QDir::toNativeSeparators(file.fileName()), file.errorString());
}

// Why the last write or flush failed: the system's reason (errno) where it gave one.
QString writeFailure(const QSaveFile& file, int error)
{
    return error != 0 ? QString::fromLocal8Bit(std::strerror(error)) : file.errorString();
}

// Writes all of `bytes` and commits, or leaves any earlier file as it was and says why. Two traps
// (found with a full disk simulated by RLIMIT_FSIZE, issue 20): QIODevice::write() may write only
// part of the data and set no error (the write that reaches the end of the space returns the
// count that fit), and QSaveFile::commit() (Qt 6.4) ignores a failing flush of its buffer. Either
// way the truncated file replaced the earlier one and the export said it succeeded.
QString writeAndCommit(QSaveFile& file, const QByteArray& bytes)
{
    QString why;
    for (qint64 done = 0; done < bytes.size() && why.isEmpty();) {
        errno = 0;
        const qint64 n = file.write(bytes.constData() + done, bytes.size() - done);
        if (n <= 0)
            why = writeFailure(file, errno);
        else
            done += n;
    }
    errno = 0;
    if (why.isEmpty() && !file.flush())
        why = writeFailure(file, errno);
    if (why.isEmpty())
        return commit(file);
    file.cancelWriting(); // the temporary file is removed, nothing replaces the earlier one
    return QCoreApplication::translate(
               "resdense::ui::ChartExport",
               "Writing %1 failed (%2); any earlier file there is unchanged.")
        .arg(QDir::toNativeSeparators(file.fileName()), why);
}

QString commit(QSaveFile& file)
{
    if (!file.commit())
        return QCoreApplication::translate(
                   "resdense::ui::ChartExport",
                   "Writing %1 failed (%2); any earlier file there is unchanged.")
            .arg(QDir::toNativeSeparators(file.fileName()), file.errorString());
    return {};
}

// CSV fields: numbers in the C locale (a decimal point, whatever the user's language), NaN empty.
QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
}

QString csvText(QString s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')))
        s = QLatin1Char('"') + s.replace(QLatin1String("\""), QLatin1String("\"\"")) +
            QLatin1Char('"');
    return s;
}

QJsonValue jsonNumber(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QString slotLetter(int s)
{
    return s == 0 ? QStringLiteral("a") : QStringLiteral("b");
}

} // namespace

QString exportChart(const MetricsStore& store, const CurveOptions& options, ChartPart part,
                    const QString& title, const std::array<QString, 2>& names, const QString& path,
                    QSize size)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf") &&
        suffix != QLatin1String("svg"))
        return QCoreApplication::translate("resdense::ui::ChartExport",
                                           "Charts are exported as .png, .pdf or .svg, not “.%1”.")
            .arg(suffix);

    QCustomPlot plot; // off screen, light palette
    plot.resize(size);
    CurveSheet sheet(&plot);
    sheet.build(options, part, title, names);
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    sheet.applyPalette(light);
    sheet.fill(store, /*rescale=*/true);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return openFailed(file);
    // Drawn into memory first, written to the file in one checked write (see writeAndCommit):
    // the encoders below ignore a device's short writes.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    // PDF and SVG: vector drawing, without QCustomPlot's pixmap caches.
    const auto drawVector = [&](QPaintDevice& device) {
        QCPPainter painter(&device);
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot.toPainter(&painter, size.width(), size.height());
        painter.end();
    };
    if (suffix == QLatin1String("png")) {
        const QPixmap pixmap = plot.toPixmap(size.width(), size.height(), /*scale=*/1.0);
        if (!pixmap.save(&buffer, "PNG"))
            return QCoreApplication::translate("resdense::ui::ChartExport",
                                               "Could not encode the PNG for %1.")
                .arg(path);
    } else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(&buffer);
        pdf.setCreator(QStringLiteral("ResDense Workbench"));
        pdf.setTitle(title);
        pdf.setPageSize(QPageSize(QSizeF(size.width(), size.height()), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        drawVector(pdf);
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title);
        svg.setDescription(QStringLiteral("ResDense Workbench"));
        drawVector(svg);
    }
    buffer.close();
    return writeAndCommit(file, bytes);
}

QString exportCsv(const MetricsStore& store, const QString& path, bool batches)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return openFailed(file);
    QStringList lines;
    if (batches) {
        lines << QStringLiteral("slot,model,epoch,batch,step,seconds,images_seen,loss,accuracy,lr,"
                                "images_per_second");
        for (int s = 0; s < MetricsStore::kSlots; ++s)
            for (const auto& b : store.batches(s))
                lines << QStringList{slotLetter(s),
                                     csvText(store.modelName(s)),
                                     QString::number(b.epoch + 1),
                                     QString::number(b.batch + 1),
                                     QString::number(b.step),
                                     csvNumber(b.elapsed_seconds),
                                     QString::number(b.images_seen),
                                     csvNumber(b.loss),
                                     csvNumber(b.accuracy),
                                     csvNumber(b.lr),
                                     csvNumber(b.images_per_second)}
                             .join(QLatin1Char(','));
    } else {
        lines << QStringLiteral("slot,model,epoch,seconds,images_seen,train_loss,train_accuracy,"
                                "val_loss,val_accuracy,epoch_seconds,images_per_second,lr,"
                                "model_memory_bytes,peak_memory_bytes,best");
        for (int s = 0; s < MetricsStore::kSlots; ++s)
            for (const auto& e : store.epochs(s))
                lines << QStringList{slotLetter(s),
                                     csvText(store.modelName(s)),
                                     QString::number(e.epoch + 1),
                                     csvNumber(e.total_seconds),
                                     QString::number(e.images_seen),
                                     csvNumber(e.train_loss),
                                     csvNumber(e.train_accuracy),
                                     csvNumber(e.val_loss),
                                     csvNumber(e.val_accuracy),
                                     csvNumber(e.epoch_seconds),
                                     csvNumber(e.images_per_second),
                                     csvNumber(e.lr),
                                     QString::number(e.model_memory_bytes),
                                     QString::number(e.peak_memory_bytes),
                                     e.best ? QStringLiteral("1") : QStringLiteral("0")}
                             .join(QLatin1Char(','));
    }
    return writeAndCommit(file, (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
}

QString exportJson(const MetricsStore& store, const std::optional<resdense::RunSummary>& summary,
                   const QString& path)
{
    QJsonArray models, epochs, batches;
    for (int s = 0; s < MetricsStore::kSlots; ++s) {
        if (!store.hasData(s))
            continue;
        models.append(QJsonObject{{QStringLiteral("slot"), slotLetter(s)},
                                  {QStringLiteral("model"), store.modelName(s)}});
        for (const auto& e : store.epochs(s))
            epochs.append(QJsonObject{
                {QStringLiteral("slot"), slotLetter(s)},
                {QStringLiteral("epoch"), e.epoch + 1},
                {QStringLiteral("seconds"), jsonNumber(e.total_seconds)},
                {QStringLiteral("images_seen"), static_cast<double>(e.images_seen)},
                {QStringLiteral("train_loss"), jsonNumber(e.train_loss)},
                {QStringLiteral("train_accuracy"), jsonNumber(e.train_accuracy)},
                {QStringLiteral("val_loss"), jsonNumber(e.val_loss)},
                {QStringLiteral("val_accuracy"), jsonNumber(e.val_accuracy)},
                {QStringLiteral("epoch_seconds"), jsonNumber(e.epoch_seconds)},
                {QStringLiteral("images_per_second"), jsonNumber(e.images_per_second)},
                {QStringLiteral("lr"), jsonNumber(e.lr)},
                {QStringLiteral("model_memory_bytes"), static_cast<double>(e.model_memory_bytes)},
                {QStringLiteral("peak_memory_bytes"), static_cast<double>(e.peak_memory_bytes)},
                {QStringLiteral("best"), e.best}});
        for (const auto& b : store.batches(s))
            batches.append(QJsonObject{{QStringLiteral("slot"), slotLetter(s)},
                                       {QStringLiteral("epoch"), b.epoch + 1},
                                       {QStringLiteral("batch"), static_cast<double>(b.batch + 1)},
                                       {QStringLiteral("seconds"), jsonNumber(b.elapsed_seconds)},
                                       {QStringLiteral("loss"), jsonNumber(b.loss)},
                                       {QStringLiteral("accuracy"), jsonNumber(b.accuracy)},
                                       {QStringLiteral("lr"), jsonNumber(b.lr)}});
    }
    QJsonObject root{{QStringLiteral("models"), models},
                     {QStringLiteral("epochs"), epochs},
                     {QStringLiteral("batches"), batches}};
    if (summary) {
        const QJsonDocument parsed =
            QJsonDocument::fromJson(QByteArray::fromStdString(resdense::to_json(*summary)));
        root.insert(QStringLiteral("summary"), parsed.object());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return openFailed(file);
    return writeAndCommit(file, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace resdense::ui
