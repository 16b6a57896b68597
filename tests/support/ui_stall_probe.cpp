#include "ui_stall_probe.h"

#include <QHash>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include <cxxabi.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>

namespace linewatch::test {

namespace {

// Signal handlers cannot reach an object: the probe's sampling state is
// global, which is why only one probe may exist at a time.
constexpr int kMaxSamples = 200; ///< 5 ms apart: 1 s of stall
constexpr int kDepth = 48;
constexpr qint64 kThresholdNs = 25'000'000; ///< stalls shorter than this are not sampled
constexpr auto kSampleEvery = std::chrono::milliseconds(5);

struct Samples
{
    void *frames[kMaxSamples][kDepth];
    int depth[kMaxSamples];
    int count = 0;
};

Samples gCurrent, gLongest;
std::atomic<int> gCurrentCount{0};
std::atomic<bool> gResetting{false};
std::atomic<qint64> gLastTickNs{0};
pthread_t gGuiThread;

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void sample(int)
{
    if (gResetting.load())
        return;
    const int i = gCurrentCount.load();
    if (i >= kMaxSamples)
        return;
    gCurrent.depth[i] = backtrace(gCurrent.frames[i], kDepth);
    gCurrentCount.store(i + 1);
}

/// "module(mangled+0x1f) [0x…]" → "demangled (module)", or the line as it is.
QString frameName(const char *symbol)
{
    const QString line = QString::fromLocal8Bit(symbol);
    const qsizetype open = line.indexOf(QLatin1Char('(')), plus = line.indexOf(QLatin1Char('+'), open);
    const QString module = line.left(open).section(QLatin1Char('/'), -1);
    if (open < 0 || plus <= open + 1)
        return line.section(QLatin1Char('/'), -1);
    const QByteArray mangled = line.mid(open + 1, plus - open - 1).toLatin1();
    int status = 0;
    char *demangled = abi::__cxa_demangle(mangled.constData(), nullptr, nullptr, &status);
    QString name = status == 0 && demangled ? QString::fromLocal8Bit(demangled) : QString::fromLatin1(mangled);
    std::free(demangled);
    if (name.size() > 160)
        name = name.left(157) + QStringLiteral("...");
    return QStringLiteral("%1 (%2)").arg(name, module);
}

} // namespace

struct UiStallProbe::Monitor
{
    std::atomic<bool> stop{false};
    std::thread thread;
    struct sigaction previous {};
};

UiStallProbe::UiStallProbe() : mMonitor(std::make_unique<Monitor>())
{
    void *warm[4];
    backtrace(warm, 4); // loads the unwinder now, not first inside a signal handler
    gGuiThread = pthread_self();
    gCurrentCount = 0;
    gLongest.count = 0;
    gLastTickNs = monotonicNs();
    struct sigaction action {};
    action.sa_handler = sample;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR2, &action, &mMonitor->previous);
    mMonitor->thread = std::thread([m = mMonitor.get()] {
        while (!m->stop.load()) {
            std::this_thread::sleep_for(kSampleEvery);
            // Each signal interrupts the GUI thread's sleeping calls (EINTR):
            // only during a stall, and no more once the samples are full.
            if (monotonicNs() - gLastTickNs.load() > kThresholdNs && gCurrentCount.load() < kMaxSamples)
                pthread_kill(gGuiThread, SIGUSR2);
        }
    });
    mTimer.setInterval(10);
    connect(&mTimer, &QTimer::timeout, this, &UiStallProbe::tick);
    mSince.start();
    mTimer.start();
}

UiStallProbe::~UiStallProbe()
{
    stop();
}

void UiStallProbe::stop()
{
    mTimer.stop();
    if (!mMonitor->thread.joinable())
        return;
    mMonitor->stop = true;
    mMonitor->thread.join();
    sigaction(SIGUSR2, &mMonitor->previous, nullptr);
}

void UiStallProbe::tick()
{
    const qint64 gap = mSince.restart();
    gResetting = true;
    gLastTickNs = monotonicNs();
    if (gap > mLongestMs) {
        mLongestMs = gap;
        gLongest.count = gCurrentCount.load();
        for (int i = 0; i < gLongest.count; ++i) {
            gLongest.depth[i] = gCurrent.depth[i];
            std::copy_n(gCurrent.frames[i], gCurrent.depth[i], gLongest.frames[i]);
        }
    }
    gCurrentCount = 0;
    gResetting = false;
}

QString UiStallProbe::longestGapStacks() const
{
    if (gLongest.count == 0)
        return {};
    // How many samples each frame appears in: the handler that held the loop
    // is in all of them, the work it did in most.
    QHash<QString, int> seen;
    QStringList order;
    for (int i = 0; i < gLongest.count; ++i) {
        char **symbols = backtrace_symbols(gLongest.frames[i], gLongest.depth[i]);
        if (!symbols)
            continue;
        QSet<QString> inThis;
        for (int f = 2; f < gLongest.depth[i]; ++f) { // 0: sample(), 1: the signal trampoline
            const QString name = frameName(symbols[f]);
            if (inThis.contains(name))
                continue;
            inThis.insert(name);
            if (!seen.contains(name))
                order << name;
            ++seen[name];
        }
        std::free(symbols);
    }
    std::stable_sort(order.begin(), order.end(), [&seen](const QString &a, const QString &b) { return seen[a] > seen[b]; });
    QStringList lines{QStringLiteral("GUI thread during the longest gap (%1 ms), %2 samples 5 ms apart; frames by the "
                                     "number of samples they appear in:")
                          .arg(mLongestMs)
                          .arg(gLongest.count)};
    for (const QString &name : order.mid(0, 60))
        lines << QStringLiteral("  %1  %2").arg(seen[name], 3).arg(name);
    // One whole stack, innermost frame first: where the others are read against.
    const int middle = gLongest.count / 2;
    if (char **symbols = backtrace_symbols(gLongest.frames[middle], gLongest.depth[middle])) {
        lines << QStringLiteral("sample %1, innermost first:").arg(middle + 1);
        for (int f = 2; f < gLongest.depth[middle]; ++f)
            lines << QStringLiteral("  ") + frameName(symbols[f]);
        std::free(symbols);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace linewatch::test
