#pragma once

#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace resdense::ui {

// Measures how late the GUI thread's event loop runs a 10 ms timer: a stall while training
// (a replot too slow, a blocking call) shows up as lateness. Lives on the GUI thread.
class EventLoopProbe : public QObject {
    Q_OBJECT
public:
    explicit EventLoopProbe(QObject* parent = nullptr);
    void start();
    void stop();
    void reset();
    int samples() const { return static_cast<int>(m_late_ms.size()); }
    double percentileMs(double p) const; // lateness; 0 without samples
    double maxMs() const;

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last_ns = -1;
    std::vector<double> m_late_ms;
};

} // namespace resdense::ui
