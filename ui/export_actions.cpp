#include "export_actions.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStyle>

#include "chart_export.h"
#include "curves_view.h"
#include "report_writer.h"
#include "run_session.h"

namespace resdense::ui {

namespace {

const QString kDirKey = QStringLiteral("dirs/export");

QString exportDir()
{
    return QSettings().value(kDirKey, QDir::homePath()).toString();
}

} // namespace

ExportActions::ExportActions(QWidget* dialogParent, const RunSession& session,
                             const CurvesView& curves, QObject* parent)
    : QObject(parent), m_dialogParent(dialogParent), m_session(session), m_curves(curves)
{
}

QAction* ExportActions::addTo(QMenu* menu)
{
    QAction* sheet = menu->addAction(tr("Comparison &sheet (PNG, PDF, SVG)…"), this,
                                     [this] { chartDialog(ChartPart::Sheet); });
    sheet->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    sheet->setIconText(tr("Export"));
    sheet->setIcon(
        QIcon::fromTheme(QStringLiteral("document-save-as"),
                         m_dialogParent->style()->standardIcon(QStyle::SP_DialogSaveButton)));
    menu->addAction(tr("&Loss chart…"), this, [this] { chartDialog(ChartPart::Loss); });
    menu->addAction(tr("&Accuracy chart…"), this, [this] { chartDialog(ChartPart::Accuracy); });
    menu->addSeparator();
    menu->addAction(tr("&Epoch metrics as CSV…"), this, [this] { dataDialog(Data::EpochCsv); });
    menu->addAction(tr("&Batch metrics as CSV…"), this, [this] { dataDialog(Data::BatchCsv); });
    menu->addAction(tr("All metrics as &JSON…"), this, [this] { dataDialog(Data::Json); });
    menu->addSeparator();
    QAction* report =
        menu->addAction(tr("Comparison &report (HTML, PDF)…"), this, [this] { reportDialog(); });
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    report->setToolTip(tr("Both models' settings, curves, table, confusion matrices, "
                          "disagreements with Grad-CAM and the verdict, in one file to share"));
    return sheet;
}

QString ExportActions::baseName() const
{
    const QString dir = m_session.runDir();
    return QStringLiteral("resdense-") +
           (dir.isEmpty() ? QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))
                          : QFileInfo(dir).fileName());
}

QString ExportActions::exportChartTo(const QString& path, ChartPart part) const
{
    const auto names = m_curves.modelNames();
    const MetricsStore& store = m_session.store();
    QString title;
    for (int s = 0; s < 2; ++s)
        if (store.hasData(s) || !names[s].isEmpty())
            title += (title.isEmpty() ? QString() : tr(" vs ")) + names[s];
    const std::string& dataset = m_session.config().dataset.spec;
    if (!dataset.empty())
        title += tr(" on %1").arg(QString::fromStdString(dataset));
    return exportChart(store, m_curves.options(), part, title, names, path);
}

QString ExportActions::exportCsvTo(const QString& path, bool batches) const
{
    return exportCsv(m_session.store(), path, batches);
}

QString ExportActions::exportJsonTo(const QString& path) const
{
    return exportJson(m_session.store(), m_session.summary(), path);
}

void ExportActions::chartDialog(ChartPart part)
{
    const QString suffix = part == ChartPart::Sheet  ? QStringLiteral("-comparison")
                           : part == ChartPart::Loss ? QStringLiteral("-loss")
                                                     : QStringLiteral("-accuracy");
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export chart"),
        QDir(exportDir()).filePath(baseName() + suffix + QStringLiteral(".png")),
        tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty())
        return;
    QString file = path;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected.contains(QLatin1String("pdf"))   ? QStringLiteral(".pdf")
                : selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
                                                          : QStringLiteral(".png");
    report(file, exportChartTo(file, part));
}

void ExportActions::dataDialog(Data kind)
{
    const bool json = kind == Data::Json;
    const QString name = baseName() + (kind == Data::EpochCsv   ? QStringLiteral("-epochs.csv")
                                       : kind == Data::BatchCsv ? QStringLiteral("-batches.csv")
                                                                : QStringLiteral("-metrics.json"));
    const QString path = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export metrics"), QDir(exportDir()).filePath(name),
        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    report(path, json ? exportJsonTo(path) : exportCsvTo(path, kind == Data::BatchCsv));
}

QString ExportActions::exportReportTo(const QString& path) const
{
    const QString dir = m_session.runDir();
    if (dir.isEmpty())
        return tr("There is no run to report on yet: train or open one first.");
    return writeReport(dir, path);
}

void ExportActions::reportDialog()
{
    if (m_session.runDir().isEmpty()) {
        Q_EMIT error(tr("Export report"),
                     tr("There is no run to report on yet: train or open one first."));
        return;
    }
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export report"),
        QDir(exportDir()).filePath(baseName() + QStringLiteral("-report.html")),
        tr("HTML page (*.html *.htm);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    QString file = path;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                                                        : QStringLiteral(".html");
    QApplication::setOverrideCursor(Qt::WaitCursor); // about a second and a half
    const QString why = exportReportTo(file);
    QApplication::restoreOverrideCursor();
    report(file, why);
}

void ExportActions::report(const QString& path, const QString& why)
{
    QSettings().setValue(kDirKey, QFileInfo(path).absolutePath());
    if (!why.isEmpty())
        Q_EMIT error(tr("Export failed"), why);
    else
        Q_EMIT message(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 8000);
}

} // namespace resdense::ui
