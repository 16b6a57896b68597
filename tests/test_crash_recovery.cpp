// Issue 6, "kill -9 at 200 random moments while editing (0 unreadable files,
// at most 5 s of work lost, recovery offered every time)".
//
// Chains of editing sessions run side by side, each in its own folder with
// its own project. A session is tests/tools/scripted_editor.cpp: the real
// MainWindow (Autosave, undo stack, saveProject) editing annotations and
// claims at random and saving about every second; it prints every edit with
// its effect and time. Each session is killed with SIGKILL at a random moment
// (seeded; LINEWATCH_CRASH_SEED repeats a run) so kills land in start-up,
// between edits, in autosave writes and in project saves. After each kill the
// test checks, against the edits the session printed:
//   - the project and the autosave (when present) read with Project::load;
//   - the state the app would restore (Autosave::recover when
//     Autosave::isRecoverable, else the project) is exactly the state after
//     some prefix of the session's edits, and holds every edit printed more
//     than 5 s before the kill (the largest loss is reported);
//   - recovery is offered whenever the project lacks such an edit, and never
//     offers older work than the saved project;
//   - the next session, which restores as the viewer does, starts from
//     exactly that state.
// Environment: LINEWATCH_CRASH_SEED, LINEWATCH_CRASH_KILLS (200),
// LINEWATCH_CRASH_CHAINS (6), LINEWATCH_CRASH_TIME_SCALE (the kill window's
// factor; 1, or 1.5 under AddressSanitizer where start-up is slower).

#include "claims/claim_set.h"
#include "common/atomic_file.h"
#include "io/gdal_environment.h"
#include "project/autosave.h"
#include "project/project.h"
#include "support/sanitizers.h"
#include "support/test_paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <thread>

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace linewatch;

namespace {

using linewatch::test::kSanitized;

/// The bound on lost work [us].
constexpr qint64 kMaxLossUs = 5'000'000;

qint64 nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

/// What a session edits: the annotations (in drawing order) and the claims
/// of the project's claims layer, as JSON.
struct State
{
    QJsonArray annotations;
    QJsonArray claims;
    friend bool operator==(const State &, const State &) = default;
};

State stateOf(const Project &p)
{
    State s;
    for (const Annotation &a : p.annotations)
        s.annotations.append(a.toJson());
    s.claims = p.claimEdits.value(QStringLiteral("claims.geojson")).toArray();
    return s;
}

State stateOf(const QJsonObject &o)
{
    return {o.value(QStringLiteral("annotations")).toArray(), o.value(QStringLiteral("claims")).toArray()};
}

int indexOfAnnotation(const QJsonArray &a, const QString &id)
{
    for (int i = 0; i < a.size(); ++i)
        if (a[i].toObject().value(QStringLiteral("id")).toString() == id)
            return i;
    return -1;
}

/// The first difference between two states, for failure messages.
QString difference(const State &a, const State &b)
{
    auto firstDiff = [](const QJsonArray &x, const QJsonArray &y, const char *what) -> QString {
        if (x.size() != y.size())
            return QStringLiteral("%1 %2 vs %3").arg(QLatin1String(what)).arg(x.size()).arg(y.size());
        for (int i = 0; i < x.size(); ++i)
            if (x[i] != y[i])
                return QStringLiteral("%1[%2]: %3 vs %4")
                    .arg(QLatin1String(what))
                    .arg(i)
                    .arg(QString::fromUtf8(QJsonDocument(x[i].toObject()).toJson(QJsonDocument::Compact).left(600)),
                         QString::fromUtf8(QJsonDocument(y[i].toObject()).toJson(QJsonDocument::Compact).left(600)));
        return {};
    };
    const QString d = firstDiff(a.annotations, b.annotations, "annotations");
    return !d.isEmpty() ? d : firstDiff(a.claims, b.claims, "claims");
}

/// The state after one printed edit; false when the edit cannot apply (the
/// editor and the test disagree).
bool apply(State &s, const QJsonObject &edit)
{
    const QString op = edit.value(QStringLiteral("op")).toString();
    if (op == QLatin1String("add")) {
        const int at = edit.value(QStringLiteral("index")).toInt(-1);
        if (at < 0 || at > s.annotations.size())
            return false;
        s.annotations.insert(at, edit.value(QStringLiteral("item")).toObject());
    } else if (op == QLatin1String("set")) {
        const QJsonObject item = edit.value(QStringLiteral("item")).toObject();
        const int at = indexOfAnnotation(s.annotations, item.value(QStringLiteral("id")).toString());
        if (at < 0)
            return false;
        s.annotations[at] = item;
    } else if (op == QLatin1String("remove")) {
        const int at = indexOfAnnotation(s.annotations, edit.value(QStringLiteral("id")).toString());
        if (at < 0)
            return false;
        s.annotations.removeAt(at);
    } else if (op == QLatin1String("claim")) {
        const int at = edit.value(QStringLiteral("index")).toInt(-1);
        if (at < 0 || at >= s.claims.size())
            return false;
        s.claims[at] = edit.value(QStringLiteral("feature")).toObject();
    } else {
        return false;
    }
    return true;
}

/// Kills a process with SIGKILL while it writes: a thread waits (inotify)
/// for the nth file created in a folder whose name contains `part` (the
/// temporary of a save or an autosave), then for delayUs, and kills. A
/// timer on the event loop could not aim at a write that lasts a
/// millisecond.
class WriteKiller
{
public:
    ~WriteKiller() { disarm(); }

    void arm(pid_t pid, const QString &folder, const QByteArray &part, int nth, int delayUs)
    {
        disarm();
        mStop = false;
        mKilledUs = 0;
        mFd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        if (mFd < 0 || inotify_add_watch(mFd, QFile::encodeName(folder).constData(), IN_CREATE | IN_MOVED_TO) < 0)
            return;
        mThread = std::thread([this, pid, part, nth, delayUs] {
            int seen = 0;
            alignas(inotify_event) char buffer[4096];
            while (!mStop) {
                pollfd p{mFd, POLLIN, 0};
                if (::poll(&p, 1, 20) <= 0)
                    continue;
                const ssize_t n = ::read(mFd, buffer, sizeof buffer);
                for (ssize_t at = 0; at < n;) {
                    const auto *e = reinterpret_cast<const inotify_event *>(buffer + at);
                    at += ssize_t(sizeof(inotify_event) + e->len);
                    if (!(e->mask & IN_CREATE) || e->len == 0 || !QByteArray(e->name).contains(part) || ++seen != nth)
                        continue;
                    std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
                    if (!mStop) {
                        mKilledUs = nowUs();
                        ::kill(pid, SIGKILL);
                    }
                    return;
                }
            }
        });
    }

    /// Stops watching; the time of the kill it made, or 0.
    qint64 disarm()
    {
        mStop = true;
        if (mThread.joinable())
            mThread.join();
        if (mFd >= 0)
            ::close(mFd);
        mFd = -1;
        return mKilledUs.exchange(0);
    }

private:
    std::thread mThread;
    std::atomic_bool mStop{false};
    std::atomic<qint64> mKilledUs{0};
    int mFd = -1;
};

/// One chain of sessions on one project, each restoring what the last left.
struct Chain
{
    int number = 0;
    QString dir;
    QString project;
    std::mt19937_64 random;
    int sessions = 0;       ///< sessions to run (= kills)
    int done = 0;
    State start;            ///< the state the next session must start from
    State saved;            ///< what the project file held when the session started

    std::unique_ptr<QProcess> process;
    std::unique_ptr<WriteKiller> writeKiller;
    qint64 startedUs = 0;
    qint64 killUs = 0;
    bool aimedAtAutosave = false;
};

/// What the kills found, for the report and the asserts.
struct Tally
{
    int kills = 0;
    int inStartUp = 0, inProjectSave = 0, inAutosaveWrite = 0, betweenEdits = 0;
    int withOldEdits = 0;     ///< sessions that printed edits more than 5 s before their kill
    int withUnsavedWork = 0;  ///< kills that left edits the project lacked
    int recoveryOffered = 0;
    int strayTemporaries = 0; ///< temporary files a killed write left behind
    int aimedAtSaves = 0;     ///< kills made by a WriteKiller on a project save's temporary
    int aimedAtAutosaves = 0; ///< ... on an autosave's temporary
    qint64 largestLossUs = 0; ///< age at the kill of the oldest edit not restored
    qint64 largestStartUpUs = 0;
    double sumStartUpUs = 0;
    int startUps = 0;
    QStringList failures;
};

} // namespace

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killedAtRandomMoments_data();
    void killedAtRandomMoments();
    void viewerKilledAtRandomMoments();

private:
    void prepare(Chain &chain);
    void startSession(Chain &chain);
    void sessionEnded(Chain &chain);
    void fail(Chain &chain, const QString &what)
    {
        mTally.failures << QStringLiteral("chain %1 session %2: %3").arg(chain.number).arg(chain.done + 1).arg(what);
    }

    QString mEditor;
    quint64 mSeed = 0;
    QString mRunFolder; ///< the data row's folder under the test's temporary folder
    double mTimeScale = 1.0;
    Tally mTally;
    int mRunning = 0;
};

void TestCrashRecovery::initTestCase()
{
    GdalEnvironment::initialise();
    QStandardPaths::setTestModeEnabled(true);
    mEditor = test::binDir() + QStringLiteral("/linewatch_scripted_editor");
    QVERIFY2(QFile::exists(mEditor), qPrintable(mEditor + QStringLiteral(" is not built")));
    bool ok = false;
    mSeed = qEnvironmentVariable("LINEWATCH_CRASH_SEED").toULongLong(&ok);
    if (!ok)
        mSeed = QRandomGenerator::system()->generate64() % 1'000'000'000ULL;
    const QString scale = qEnvironmentVariable("LINEWATCH_CRASH_TIME_SCALE");
    mTimeScale = !scale.isEmpty() ? scale.toDouble() : kSanitized ? 1.5 : 1.0;
    QVERIFY(mTimeScale > 0);
    qInfo("seed %llu (LINEWATCH_CRASH_SEED=%llu repeats this run), kill window scale %.2f",
          static_cast<unsigned long long>(mSeed), static_cast<unsigned long long>(mSeed), mTimeScale);
}

void TestCrashRecovery::prepare(Chain &chain)
{
    chain.dir = test::tempDir() + QStringLiteral("/%1chain-%2").arg(mRunFolder).arg(chain.number);
    QVERIFY(QDir().mkpath(chain.dir));
    const QString sample = test::sourceDir() + QStringLiteral("/maps/shusha/");
    for (const QString &f : {QStringLiteral("claims.geojson"), QStringLiteral("line_of_contact.geojson")})
        QVERIFY(QFile::copy(sample + f, chain.dir + QLatin1Char('/') + f));
    // The claims are kept in the project from the start, as after a first
    // save, so every state the chain goes through is in the files.
    auto claims = ClaimSet::load(chain.dir + QStringLiteral("/claims.geojson"));
    QVERIFY2(claims.ok(), qPrintable(claims.ok() ? QString() : claims.error().toString()));
    Project p;
    p.title = QStringLiteral("kill -9 chain %1").arg(chain.number);
    p.viewCenter = {46.65, 39.72};
    p.viewScale = 150000;
    ProjectLayer c;
    c.path = QStringLiteral("claims.geojson");
    c.type = QStringLiteral("claims");
    c.linesPath = QStringLiteral("line_of_contact.geojson");
    c.name = QStringLiteral("Claims");
    ProjectLayer l;
    l.path = QStringLiteral("line_of_contact.geojson");
    l.type = QStringLiteral("lines");
    l.name = QStringLiteral("Line of contact");
    p.layers = {c, l};
    p.hasAnnotationLayer = true;
    p.annotationsName = QStringLiteral("Annotations");
    p.claimEdits.insert(QStringLiteral("claims.geojson"), claims->toJson());
    chain.project = chain.dir + QStringLiteral("/work.lwproj");
    p.filePath = chain.project;
    const Status saved = p.save(chain.project);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().toString()));
    auto again = Project::load(chain.project);
    QVERIFY(again.ok());
    chain.start = chain.saved = stateOf(*again);
    QVERIFY(chain.start.claims.size() >= 3);
}

void TestCrashRecovery::startSession(Chain &chain)
{
    // Kill moments: uniform over [0, 4 s] (start-up, edits, autosaves at 2 s,
    // saves every ~1 s) for most sessions, and over [4 s, 10 s] for one in
    // five so that edits older than 5 s exist and the 5 s bound is tested.
    // A write lasts about a millisecond, so one session in four is killed
    // inside one on purpose: within 0-1.5 ms of a temporary of the project
    // or of its autosave appearing (the 1st-4th save, or the 1st-2nd
    // autosave), with the timer as a fallback. (QSaveFile links its
    // O_TMPFILE under a temporary name just before the rename; AtomicFile
    // creates its temporary before writing.)
    std::uniform_real_distribution<double> unit(0, 1);
    const double windowS = unit(chain.random) < 0.2 ? 4.0 + 6.0 * unit(chain.random) : 4.0 * unit(chain.random);
    const int killAfterMs = int(windowS * 1000 * mTimeScale);
    const quint64 editorSeed = chain.random();
    // Saves: about every second (kills hit saves; the autosave, written 2 s
    // after a change, rarely outlives them), about every 2.5 s (autosaves
    // between saves), or never (autosaves only).
    const int saveMs = std::array{1000, 2500, 0}[std::uniform_int_distribution<std::size_t>(0, 2)(chain.random)];
    const bool inWrite = unit(chain.random) < 0.25;
    const bool inAutosave = saveMs != 1000 && (saveMs == 0 || unit(chain.random) < 0.5);
    const int nth = inAutosave ? 1 + int(2 * unit(chain.random)) : 1 + int(4 * unit(chain.random));
    const int delayUs = int(1500 * unit(chain.random));
    const QByteArray part = QFileInfo(chain.project).fileName().toUtf8() + (inAutosave ? ".autosave" : "");

    chain.process = std::make_unique<QProcess>();
    QProcess *p = chain.process.get();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), chain.dir + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), chain.dir + QStringLiteral("/xdg-config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), chain.dir + QStringLiteral("/xdg-cache"));
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::SeparateChannels);
    connect(p, &QProcess::finished, this, [this, &chain] { sessionEnded(chain); });
    chain.startedUs = nowUs();
    chain.killUs = 0;
    if (!chain.writeKiller)
        chain.writeKiller = std::make_unique<WriteKiller>();
    chain.aimedAtAutosave = inAutosave;
    connect(p, &QProcess::started, this, [&chain, p, inWrite, part, nth, delayUs] {
        if (inWrite)
            chain.writeKiller->arm(pid_t(p->processId()), chain.dir, part, nth, delayUs);
    });
    p->start(mEditor, {QStringLiteral("--seed=%1").arg(editorSeed), QStringLiteral("--save-ms=%1").arg(saveMs), chain.project});
    QTimer::singleShot(inWrite ? std::max(killAfterMs, int(8000 * mTimeScale)) : killAfterMs, p, [&chain, p] {
        chain.killUs = nowUs();
        p->kill(); // SIGKILL: no close event, no cleanup
    });
}

/// The session's events as one line each (time from the session's start,
/// kind, edit number and operation) and the files' modification times, for
/// failure messages: enough to replay a failure by hand.
QString trace(const QList<QJsonObject> &events, const Chain &chain, qint64 killUs)
{
    QStringList lines;
    for (const QJsonObject &e : events) {
        const double ms = (e.value(QStringLiteral("t")).toDouble() - double(chain.startedUs)) / 1000.0;
        QString line = QStringLiteral("  %1 ms %2").arg(ms, 9, 'f', 1).arg(e.value(QStringLiteral("e")).toString());
        if (e.contains(QStringLiteral("n")))
            line += QStringLiteral(" %1 %2").arg(e.value(QStringLiteral("n")).toInt()).arg(e.value(QStringLiteral("op")).toString());
        if (e.contains(QStringLiteral("ok")))
            line += e.value(QStringLiteral("ok")).toBool() ? QStringLiteral(" ok") : QStringLiteral(" FAILED");
        lines << line;
    }
    lines << QStringLiteral("  %1 ms kill").arg((killUs - chain.startedUs) / 1000.0, 9, 'f', 1);
    for (const QString &f : {chain.project, Autosave::pathFor(chain.project)}) {
        struct stat st {};
        if (::stat(QFile::encodeName(f).constData(), &st) == 0)
            lines << QStringLiteral("  %1: mtime %2.%3").arg(QFileInfo(f).fileName()).arg(st.st_mtim.tv_sec).arg(st.st_mtim.tv_nsec, 9, 10, QLatin1Char('0'));
    }
    return lines.join(QLatin1Char('\n'));
}

void TestCrashRecovery::sessionEnded(Chain &chain)
{
    QProcess *p = chain.process.get();
    ++mTally.kills;
    if (const qint64 inWrite = chain.writeKiller->disarm(); inWrite && (chain.killUs == 0 || inWrite < chain.killUs)) {
        chain.killUs = inWrite;
        ++(chain.aimedAtAutosave ? mTally.aimedAtAutosaves : mTally.aimedAtSaves);
    }
    if (p->exitStatus() != QProcess::CrashExit || chain.killUs == 0)
        fail(chain, QStringLiteral("the editor ended by itself (exit code %1): %2")
                        .arg(p->exitCode())
                        .arg(QString::fromLocal8Bit(p->readAllStandardError().right(2000))));
    const qint64 killUs = chain.killUs ? chain.killUs : nowUs();

    // The events the session printed (a last line cut by the kill is ignored).
    QList<QJsonObject> events;
    const QList<QByteArray> lines = p->readAllStandardOutput().split('\n');
    for (int i = 0; i + 1 < lines.size(); ++i) {
        const QJsonDocument d = QJsonDocument::fromJson(lines[i]);
        if (d.isObject())
            events << d.object();
        else
            fail(chain, QStringLiteral("unreadable output line: %1").arg(QString::fromUtf8(lines[i].left(200))));
    }
    auto timeOf = [](const QJsonObject &e) { return qint64(e.value(QStringLiteral("t")).toDouble()); };

    // Where the kill landed.
    bool ready = false, saving = false;
    QList<QJsonObject> edits;
    // The edits the project holds, from the events: a save writes the state
    // after the edits printed before its save-begin (edits and saves run on
    // one thread). -1: no save finished in this session. Which save wrote the
    // file is known from the events, never guessed by comparing states: an
    // analyst's undos can bring the work back to the saved content.
    int savedByEvents = -1, savingEdits = -1;
    for (const QJsonObject &e : events) {
        const QString kind = e.value(QStringLiteral("e")).toString();
        if (kind == QLatin1String("ready")) {
            ready = true;
            const qint64 startUp = timeOf(e) - chain.startedUs;
            mTally.largestStartUpUs = std::max(mTally.largestStartUpUs, startUp);
            mTally.sumStartUpUs += double(startUp);
            ++mTally.startUps;
            // The session began from exactly what the last kill left.
            if (stateOf(e.value(QStringLiteral("state")).toObject()) != chain.start)
                fail(chain, QStringLiteral("the session did not start from the restored state: ")
                                + difference(stateOf(e.value(QStringLiteral("state")).toObject()), chain.start));
        } else if (kind == QLatin1String("save-begin")) {
            saving = true;
            savingEdits = int(edits.size());
        } else if (kind == QLatin1String("saved")) {
            saving = false;
            if (!e.value(QStringLiteral("ok")).toBool())
                fail(chain, QStringLiteral("a project save failed"));
            savedByEvents = savingEdits;
        } else if (kind == QLatin1String("edit")) {
            edits << e;
        }
    }

    // Files a killed write left behind: temporaries of the project or of the
    // autosave. The app never reads them; they are counted and removed.
    const QString projectName = QFileInfo(chain.project).fileName();
    bool autosaveTemporary = false, projectTemporary = false;
    const QDir dir(chain.dir);
    for (const QString &f : dir.entryList(QDir::Files | QDir::Hidden)) {
        // The project's lock (QLockFile "<project>.lock" and its ".info") is
        // left by a kill on purpose: the next session finds it stale.
        if (f == projectName || f == projectName + QStringLiteral(".autosave") || f.endsWith(QLatin1String(".geojson"))
            || f == projectName + QStringLiteral(".lock") || f == projectName + QStringLiteral(".lock.info"))
            continue;
        ++mTally.strayTemporaries;
        if (f.contains(projectName + QStringLiteral(".autosave"))) {
            autosaveTemporary = true;
        } else if (f.contains(projectName + QStringLiteral(".lock"))) {
            // a temporary of the lock's .info
        } else if (f.contains(projectName)) {
            projectTemporary = true;
        } else {
            fail(chain, QStringLiteral("unexpected file %1").arg(f));
        }
        QFile::remove(dir.filePath(f));
    }
    if (!ready)
        ++mTally.inStartUp;
    else if (saving || projectTemporary)
        ++mTally.inProjectSave;
    else if (autosaveTemporary)
        ++mTally.inAutosaveWrite;
    else
        ++mTally.betweenEdits;

    // 0 unreadable files.
    const auto projectFile = Project::load(chain.project);
    if (!projectFile.ok()) {
        fail(chain, QStringLiteral("the project does not read: ") + projectFile.error().toString());
        return;
    }
    const QString autosave = Autosave::pathFor(chain.project);
    if (QFile::exists(autosave))
        if (auto a = Project::load(autosave); !a.ok())
            fail(chain, QStringLiteral("the autosave does not read: ") + a.error().toString());

    // The states after each prefix of the edits.
    std::vector<State> after{chain.start};
    for (const QJsonObject &e : edits) {
        State s = after.back();
        if (!apply(s, e)) {
            fail(chain, QStringLiteral("edit %1 does not apply to the state before it").arg(e.value(QStringLiteral("n")).toInt()));
            return;
        }
        after.push_back(std::move(s));
    }
    auto prefixOf = [&after](const State &s) {
        for (int k = int(after.size()) - 1; k >= 0; --k)
            if (after[std::size_t(k)] == s)
                return k;
        return -1;
    };
    int required = 0; // edits printed more than 5 s before the kill
    while (required < edits.size() && timeOf(edits[required]) < killUs - kMaxLossUs)
        ++required;
    if (required > 0)
        ++mTally.withOldEdits;

    // The project holds what the session's last finished save wrote, or the
    // one killed mid-write (old or new file), or with no save what it held
    // before the session: then 0 edits when the session began from it, -1
    // when it began from restored work the project lacks.
    const State savedState = stateOf(*projectFile);
    int saved = -2;
    if (saving && savedState == after[std::size_t(savingEdits)])
        saved = savingEdits;
    else if (savedByEvents >= 0 && savedState == after[std::size_t(savedByEvents)])
        saved = savedByEvents;
    else if (savedByEvents < 0 && savedState == chain.saved)
        saved = savedState == after.front() ? 0 : -1;
    if (saved == -2) {
        fail(chain, QStringLiteral("the project holds a state that no save of the session wrote (last save after %1 edits); "
                                   "against it: %2")
                        .arg(savedByEvents)
                        .arg(difference(savedState, after[std::size_t(std::max(savedByEvents, 0))])));
        return;
    }
    chain.saved = savedState;
    const bool offered = Autosave::isRecoverable(chain.project);
    if (saved < int(edits.size()))
        ++mTally.withUnsavedWork;
    if (offered)
        ++mTally.recoveryOffered;
    // Unsaved work to offer: edits older than 5 s, or work an earlier session
    // restored and this one did not save (it must stay recoverable).
    if (saved < required && !offered)
        fail(chain, saved < 0 ? QStringLiteral("recovery not offered although the project lacks the restored work the session started from")
                              : QStringLiteral("recovery not offered although the project lacks edits %1 to %2 (older than 5 s)")
                                    .arg(saved + 1)
                                    .arg(required));

    State restored = stateOf(*projectFile);
    if (offered) {
        auto recovered = Autosave::recover(chain.project);
        if (!recovered.ok()) {
            fail(chain, QStringLiteral("recovery offered but the autosave does not read: ") + recovered.error().toString());
            return;
        }
        restored = stateOf(*recovered);
    }
    const int kept = prefixOf(restored);
    if (kept < 0) {
        fail(chain, QStringLiteral("the restored state is not the state after any prefix of the session's %1 edits; against the last: %2")
                        .arg(edits.size())
                        .arg(difference(restored, after.back())));
        return;
    }
    if (offered && kept < saved)
        fail(chain, QStringLiteral("recovery offers edits 1 to %1, older than the saved project (1 to %2)\n%3")
                        .arg(kept)
                        .arg(saved)
                        .arg(trace(events, chain, killUs)));
    if (kept < required)
        fail(chain, QStringLiteral("edits %1 to %2, printed more than 5 s before the kill, are lost").arg(kept + 1).arg(required));
    if (kept < int(edits.size()))
        mTally.largestLossUs = std::max(mTally.largestLossUs, killUs - timeOf(edits[kept]));
    chain.start = restored;
}

void TestCrashRecovery::killedAtRandomMoments_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("kills");
    QTest::addColumn<bool>("wholeRun"); ///< the run is long enough for the volume checks at the end
    QTest::newRow("random") << mSeed << envInt("LINEWATCH_CRASH_KILLS", 200) << true;
    // Issue 16: with this seed chain 4's third session undid its way back to
    // the project's saved content and was killed before the next autosave;
    // the check took the project, equal to the state after the last edit,
    // for a save newer than the autosave. The first three sessions of each
    // chain cover it.
    QTest::newRow("issue 16, seed 940492038") << quint64(940492038) << 18 << false;
}

void TestCrashRecovery::killedAtRandomMoments()
{
    QFETCH(quint64, seed);
    QFETCH(int, kills);
    QFETCH(bool, wholeRun);
    mTally = {};
    mRunFolder = QStringLiteral("seed-%1-").arg(seed);
    // The regression row keeps the 6 chains its seed failed with.
    const int chains = std::clamp(wholeRun ? envInt("LINEWATCH_CRASH_CHAINS", 6) : 6, 1, kills);
    std::vector<Chain> all(static_cast<std::size_t>(chains));
    for (int i = 0; i < chains; ++i) {
        Chain &c = all[std::size_t(i)];
        c.number = i + 1;
        c.random.seed(seed * 1000 + quint64(i));
        c.sessions = kills / chains + (i < kills % chains ? 1 : 0);
        prepare(c);
        if (QTest::currentTestFailed())
            return;
    }

    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    mRunning = chains;
    // One continuation per chain: start its next session when the last one was killed and checked.
    std::vector<std::function<void()>> next(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        next[i] = [this, &c = all[i], &loop, &next, i] {
            if (c.done == c.sessions) {
                if (--mRunning == 0)
                    loop.quit();
                return;
            }
            startSession(c);
            connect(c.process.get(), &QProcess::finished, &loop, [this, &c, &next, i] {
                ++c.done;
                // Not from within the signal of the QProcess the next session replaces.
                QTimer::singleShot(0, this, [&next, i] { next[i](); });
            });
        };
    }
    for (auto &start : next)
        start();
    QTimer guard;
    guard.setSingleShot(true);
    connect(&guard, &QTimer::timeout, &loop, [this, &loop] {
        mTally.failures << QStringLiteral("the run did not finish within its time limit");
        loop.quit();
    });
    guard.start(int(550'000));
    loop.exec();
    for (Chain &c : all)
        if (c.process && c.process->state() != QProcess::NotRunning) {
            c.process->kill();
            c.process->waitForFinished();
        }

    const Tally &t = mTally;
    qInfo("%d kills in %.1f s (%d chains): %d in start-up, %d in a project save, %d in an autosave write "
          "(a temporary left), %d between edits; %d aimed at a save's temporary, %d at an autosave's",
          t.kills, clock.elapsed() / 1000.0, chains, t.inStartUp, t.inProjectSave, t.inAutosaveWrite, t.betweenEdits,
          t.aimedAtSaves, t.aimedAtAutosaves);
    qInfo("start-up to ready: mean %.0f ms, largest %.0f ms; %d kills left unsaved work, recovery offered %d times; "
          "%d sessions had edits older than 5 s; largest loss %.2f s; %d stray temporaries",
          t.startUps ? t.sumStartUpUs / t.startUps / 1000.0 : 0.0, t.largestStartUpUs / 1000.0, t.withUnsavedWork,
          t.recoveryOffered, t.withOldEdits, t.largestLossUs / 1e6, t.strayTemporaries);
    QVERIFY2(t.failures.isEmpty(), qPrintable(t.failures.mid(0, 20).join(QLatin1Char('\n'))));
    QCOMPARE(t.kills, kills);
    if (!wholeRun)
        return;
    // The run tested something: most sessions got to edit (a session stuck
    // at start-up, say on a dialog, would pass every check above), and some
    // lived long enough for the 5 s bound to matter.
    QVERIFY2(t.startUps >= kills / 2, qPrintable(QStringLiteral("only %1 of %2 sessions got past start-up").arg(t.startUps).arg(kills)));
    QVERIFY2(t.withOldEdits >= kills / 20,
             qPrintable(QStringLiteral("only %1 sessions had edits older than 5 s").arg(t.withOldEdits)));
    QVERIFY(t.largestLossUs <= kMaxLossUs);
}

// Two of the kills on the `linewatch` executable itself: each session adds
// three annotations as if drawn (--add-annotations, one undo command each)
// and is killed at a random moment; a last one restores and saves
// (--restore-autosave=yes --save-to=). The state the viewer restores must be
// the state the files offer, and each a prefix of what was added.
void TestCrashRecovery::viewerKilledAtRandomMoments()
{
    const QString viewer = test::binDir() + QStringLiteral("/linewatch");
    QVERIFY2(QFile::exists(viewer), qPrintable(viewer + QStringLiteral(" is not built")));
    Chain chain;
    chain.number = 0;
    chain.random.seed(mSeed * 1000 + 999);
    mRunFolder = QStringLiteral("viewer-");
    prepare(chain);
    if (QTest::currentTestFailed())
        return;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), chain.dir + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), chain.dir + QStringLiteral("/xdg-config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), chain.dir + QStringLiteral("/xdg-cache"));

    for (int kill = 1; kill <= 2; ++kill) {
        QJsonArray added;
        for (int i = 0; i < 3; ++i) {
            Annotation a;
            a.kind = Annotation::Kind::Text;
            a.points = {{46.55 + 0.05 * i, 39.65 + 0.02 * kill}};
            a.text = QStringLiteral("viewer session %1, label %2").arg(kill).arg(i + 1);
            added.append(a.toJson());
        }
        const QString addFile = chain.dir + QStringLiteral("/add-%1.json").arg(kill);
        QVERIFY(AtomicFile::save(addFile, QJsonDocument(added).toJson()).ok());
        const int killAfterMs = int(std::uniform_real_distribution<double>(0.0, 4.0)(chain.random) * 1000 * mTimeScale);

        QProcess session;
        session.setProcessEnvironment(env);
        session.start(viewer, {QStringLiteral("--restore-autosave=yes"), QStringLiteral("--add-annotations=") + addFile,
                               chain.project});
        QVERIFY(session.waitForStarted());
        QTest::qWait(killAfterMs);
        session.kill();
        QVERIFY(session.waitForFinished());
        QCOMPARE(session.exitStatus(), QProcess::CrashExit);
        QFile::remove(addFile);

        const auto projectFile = Project::load(chain.project);
        QVERIFY2(projectFile.ok(), qPrintable(projectFile.ok() ? QString() : projectFile.error().toString()));
        State restored = stateOf(*projectFile);
        if (Autosave::isRecoverable(chain.project)) {
            const auto recovered = Autosave::recover(chain.project);
            QVERIFY2(recovered.ok(), qPrintable(recovered.ok() ? QString() : recovered.error().toString()));
            restored = stateOf(*recovered);
        }
        // What the session can have left: the annotations before it plus 0 to 3 of its own.
        bool isPrefix = false;
        State expected = chain.start;
        for (int k = 0; k <= 3 && !isPrefix; ++k) {
            isPrefix = restored == expected;
            if (k < 3)
                expected.annotations.append(added[k]);
        }
        QVERIFY2(isPrefix, qPrintable(QStringLiteral("viewer kill %1 at %2 ms: the restored state is not the state "
                                                     "before the session plus some of its annotations")
                                          .arg(kill)
                                          .arg(killAfterMs)));
        qInfo("viewer kill %d at %d ms: %lld of its annotations restored", kill, killAfterMs,
              static_cast<long long>(restored.annotations.size() - chain.start.annotations.size()));
        chain.start = restored;
    }

    // The viewer restores exactly that and saves it.
    const QString out = chain.dir + QStringLiteral("/restored.lwproj");
    QProcess last;
    last.setProcessEnvironment(env);
    last.start(viewer, {QStringLiteral("--restore-autosave=yes"), QStringLiteral("--save-to=") + out, chain.project});
    QVERIFY(last.waitForFinished(int(60'000 * mTimeScale)));
    QVERIFY2(last.exitCode() == 0, last.readAllStandardError().constData());
    const auto saved = Project::load(out);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().toString()));
    QVERIFY(stateOf(*saved) == chain.start);
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "test_crash_recovery.moc"
