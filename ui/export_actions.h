#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include "curve_sheet.h"

class QAction;
class QMenu;
class QWidget;

namespace resdense::ui {

class CurvesView;
class RunSession;

// File → Export: the comparison sheet and single charts (PNG, PDF, SVG) and the metrics (CSV,
// JSON) of the run on screen, named after its folder, into the folder used last.
class ExportActions : public QObject {
    Q_OBJECT
public:
    // `dialogParent` parents the file dialogs.
    ExportActions(QWidget* dialogParent, const RunSession& session, const CurvesView& curves,
                  QObject* parent = nullptr);

    // Adds the entries to `menu`; returns the comparison sheet's action (for the tool bar).
    QAction* addTo(QMenu* menu);

    // Without a dialog: "" or why not.
    QString exportChartTo(const QString& path, ChartPart part) const;
    QString exportCsvTo(const QString& path, bool batches) const;
    QString exportJsonTo(const QString& path) const;
    // The comparison report of the run shown (report_writer.h): HTML or PDF by the suffix.
    QString exportReportTo(const QString& path) const;

Q_SIGNALS:
    void message(const QString& text, int timeoutMs);
    void error(const QString& title, const QString& text);

private:
    enum class Data { EpochCsv, BatchCsv, Json };
    void chartDialog(ChartPart part);
    void dataDialog(Data kind);
    void reportDialog();
    void report(const QString& path, const QString& error);
    QString baseName() const; // "resdense-<run folder>"

    QWidget* m_dialogParent;
    const RunSession& m_session;
    const CurvesView& m_curves;
};

} // namespace resdense::ui
