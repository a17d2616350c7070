// The comparison report written out: one self-contained HTML file, or the same HTML laid out by
// QTextDocument on A4 pages of a PDF.
#include "report_writer.h"

#include <cmath>
#include <exception>

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>

#include "report_builder.h"
#include "text_format.h"

namespace resdense::ui {

namespace {

// The messages' translation context.
struct ReportWriter {
    Q_DECLARE_TR_FUNCTIONS(resdense::ui::ReportWriter)
};

// The browser's look; QTextDocument reads what it can of it (the tables' attributes carry the
// rest, so that the PDF gets borders and shading too).
const char* const kStyle = R"(
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #1f2328;
       max-width: 700px; margin: 24px auto; line-height: 1.35; }
h1 { font-size: 17pt; margin-bottom: 4px; }
h2 { font-size: 13pt; margin-top: 22px; border-bottom: 1px solid #c8ced6; padding-bottom: 2px; }
h3 { font-size: 11pt; margin-top: 14px; }
table.grid, table.note { border-collapse: collapse; border-color: #b8c0ca; }
table.grid th, table.grid td { border: 1px solid #b8c0ca; padding: 3px 6px; }
table.note { border-color: #d9a400; }
table.samples > tbody > tr > td { padding: 6px 4px; }
table.thumbs td { padding: 0 2px 0 0; }
.small { font-size: 8pt; color: #555; }
img.pix { image-rendering: pixelated; }
)";

// QTextDocument: the page gives the margins and the width.
const char* const kPdfStyle = R"(
h2 { font-size: 13pt; margin-top: 18px; }
h3 { font-size: 11pt; margin-top: 12px; }
.small { font-size: 7pt; color: #555; }
)";

QString page(const ReportDocument& doc, const QString& body, bool pdf = false)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
               "<meta name=\"generator\" content=\"ResDense Workbench\">\n"
               "<title>%1</title>\n<style>%2</style></head>\n<body>\n%3\n</body></html>\n")
        .arg(doc.title.toHtmlEscaped(), QString::fromLatin1(pdf ? kPdfStyle : kStyle), body);
}

// Pictures as data: URIs, the vector ones as SVG.
QString htmlFile(const ReportDocument& doc)
{
    QString body = doc.body;
    for (const ReportImage& image : doc.images) {
        const QString uri = image.svg.isEmpty() ? QStringLiteral("data:image/png;base64,") +
                                                      QString::fromLatin1(image.png.toBase64())
                                                : QStringLiteral("data:image/svg+xml;base64,") +
                                                      QString::fromLatin1(image.svg.toBase64());
        body.replace(QStringLiteral("\"%1\"").arg(reportImageUrl(image.id)),
                     QStringLiteral("\"%1\"").arg(uri));
    }
    return page(doc, body);
}

// QTextDocument has no page-break-after: avoid. A heading too near the bottom of its page (with
// less room below it than a few lines of a table or most of a picture) starts the next page.
void keepHeadingsWithText(QTextDocument& text)
{
    constexpr qreal kKeep = 200; // CSS pixels
    const qreal pageHeight = text.pageSize().height();
    for (QTextBlock block = text.begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() < 2)
            continue;
        const QRectF rect = text.documentLayout()->blockBoundingRect(block);
        const qreal below = pageHeight - std::fmod(rect.top(), pageHeight);
        if (below < rect.height() + kKeep) {
            QTextBlockFormat format = block.blockFormat();
            format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(block).setBlockFormat(format);
            // Lays out the rest anew now: print() draws a paginated document's own layout, and
            // the incremental one leaves what follows unplaced.
            text.markContentsDirty(block.position(), text.characterCount() - block.position());
            text.pageCount();
        }
    }
}

void writePdf(const ReportDocument& doc, QIODevice* device)
{
    QTextDocument text;
    for (const ReportImage& image : doc.images)
        text.addResource(QTextDocument::ImageResource, QUrl(reportImageUrl(image.id)),
                         QImage::fromData(image.png, "PNG"));
    QFont font = text.defaultFont();
    font.setPointSizeF(9.0);
    text.setDefaultFont(font);
    text.setDocumentMargin(0);
    text.setHtml(page(doc, doc.body, /*pdf=*/true));

    QPdfWriter pdf(device);
    pdf.setCreator(QStringLiteral("ResDense Workbench"));
    pdf.setTitle(doc.title);
    const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                             QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    pdf.setPageLayout(layout);
    pdf.setResolution(300);
    // Laid out in CSS pixels on a page as wide as the report's widest picture, which print()
    // scales onto the page inside the margins (without a page size it adds 2 cm margins of its
    // own and lays out at the printer's resolution, and the pictures stick out on the right).
    const QSizeF paintMm = layout.paintRect(QPageLayout::Millimeter).size();
    text.setPageSize(QSizeF(kReportWidth, kReportWidth * paintMm.height() / paintMm.width()));
    keepHeadingsWithText(text);
    text.print(&pdf);
}

} // namespace

QString writeReport(const QString& runDir, const QString& outPath)
{
    const QString suffix = QFileInfo(outPath).suffix().toLower();
    const bool pdf = suffix == QLatin1String("pdf");
    if (!pdf && suffix != QLatin1String("html") && suffix != QLatin1String("htm"))
        return ReportWriter::tr("Reports are written as .html or .pdf, not “%1”.")
            .arg(QDir::toNativeSeparators(outPath));

    // Opened first, so that an unwritable folder is said at once, not after drawing everything.
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly))
        return ReportWriter::tr("Cannot write the report %1: %2")
            .arg(QDir::toNativeSeparators(QFileInfo(outPath).absoluteFilePath()),
                 file.errorString());

    ReportDocument doc;
    try {
        doc = buildReport(runDir);
    } catch (const std::exception& e) {
        file.cancelWriting();
        return ReportWriter::tr("Cannot make a report of %1: %2")
            .arg(QDir::toNativeSeparators(runDir), qs(e.what()));
    }
    // A short write (a full disk) must not reach commit(): QSaveFile would rename what fitted
    // over the earlier file. Every byte is checked, and the buffer flushed before committing.
    bool written = true;
    if (pdf) {
        writePdf(doc, &file);
    } else {
        const QByteArray bytes = htmlFile(doc).toUtf8();
        written = file.write(bytes) == bytes.size();
    }
    written = written && file.flush() && file.error() == QFileDevice::NoError;
    if (!written) {
        const QString why = file.errorString();
        file.cancelWriting();
        return ReportWriter::tr(
                   "Writing the report %1 failed (%2); any earlier file there is unchanged.")
            .arg(QDir::toNativeSeparators(QFileInfo(outPath).absoluteFilePath()), why);
    }
    if (!file.commit())
        return ReportWriter::tr(
                   "Writing the report %1 failed (%2); any earlier file there is unchanged.")
            .arg(QDir::toNativeSeparators(QFileInfo(outPath).absoluteFilePath()),
                 file.errorString());
    return {};
}

} // namespace resdense::ui
