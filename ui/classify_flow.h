#pragma once

#include <QObject>
#include <QStringList>

class QMimeData;
class QWidget;

namespace resdense::ui {

class ClassifyPanel;
class SnapshotClassifiers;
struct ImageVerdict;

// How images reach the two models and their answers reach the Classify panel: files dropped or
// chosen, images pasted or dragged from another program. A dropped run folder is not an image:
// it is handed back to the window to open.
class ClassifyFlow : public QObject {
    Q_OBJECT
public:
    // `dialogParent` parents the file dialog; the panel shows the verdicts.
    ClassifyFlow(QWidget* dialogParent, ClassifyPanel* panel, QObject* parent = nullptr);

    SnapshotClassifiers* classifiers() const { return m_classifiers; }

    bool accepts(const QMimeData* mime) const; // whether a drag may be dropped
    void drop(const QMimeData* mime);
    void classifyFiles(const QStringList& paths);
    // Image bytes from inside the window (a test image from the Classes or Disagreements tab).
    void classifyEncoded(const QByteArray& bytes, const QString& source);
    bool paste(); // the clipboard's image or image files
    void chooseFiles();

Q_SIGNALS:
    // Emitted (directly) before images go to the models: the window asks for fresh weights then.
    void aboutToClassify();
    void runFolderDropped(const QString& dir);
    void message(const QString& text, int timeoutMs);
    void error(const QString& title, const QString& text);

private:
    void show(const ImageVerdict& verdict);
    void showReadyModels();

    QWidget* m_dialogParent;
    ClassifyPanel* m_panel;
    SnapshotClassifiers* m_classifiers;
};

} // namespace resdense::ui
