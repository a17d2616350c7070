#pragma once

#include <vector>

#include <QByteArray>
#include <QSize>
#include <QString>

namespace resdense::ui {

// A picture of the report, drawn once and embedded by each format as it can: the HTML file takes
// the SVG where there is one (sharp at any zoom), the PDF (QTextDocument) the PNG.
struct ReportImage {
    QString id;     // the body refers to it as src="report-image:<id>"
    QByteArray png; // always
    QByteArray svg; // vector drawings only
    QSize size;     // shown at this many CSS pixels
};

// The report as HTML without its pictures: the body's <img> elements have src
// "report-image:<id>" for each of `images`.
struct ReportDocument {
    QString title;
    QString body;
    std::vector<ReportImage> images;
};

// The width of the text on an A4 page with 15 mm margins, in CSS pixels (96 per inch): the PDF
// is laid out at this width. Nothing in the report is wider.
constexpr int kReportWidth = 680;

inline QString reportImageUrl(const QString& id)
{
    return QStringLiteral("report-image:") + id;
}

// Reads the run folder and draws everything. Throws resdense::Error when the folder is not a run
// (or its config cannot be read); whatever else is missing is said in the report.
ReportDocument buildReport(const QString& runDir);

} // namespace resdense::ui
