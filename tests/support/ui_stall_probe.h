#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace linewatch::test {

/// Measures how long the GUI thread's event loop goes without running a
/// 10 ms timer (the longest gap), and says where the GUI thread was during
/// that gap: a monitor thread interrupts the GUI thread with a signal every
/// few milliseconds while the loop is stalled and records its call stack, so
/// a timed assertion that fails names the handler that held the loop instead
/// of printing a bare number. Construct it on the GUI thread; one at a time.
class UiStallProbe : public QObject
{
public:
    UiStallProbe();
    ~UiStallProbe() override;

    /// Stops measuring (the figures stay readable).
    void stop();

    /// The longest time between two ticks of the 10 ms timer [ms].
    qint64 longestGapMs() const { return mLongestMs; }
    /// The GUI thread's stacks sampled during the longest gap (most common
    /// frames first, module+offset for code without symbols), for failure
    /// messages; "" when no gap exceeded the sampling threshold.
    QString longestGapStacks() const;

private:
    void tick();

    QTimer mTimer;
    QElapsedTimer mSince;
    qint64 mLongestMs = 0;
    struct Monitor;
    std::unique_ptr<Monitor> mMonitor;
};

} // namespace linewatch::test
