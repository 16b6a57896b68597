// Issue 6: a lock file stops two instances from writing the same project and
// names the other holder; a stale lock after a crash is cleared. Holders here
// are real processes: a forked child that takes the lock and waits (alive),
// or is killed with SIGKILL (stale); and a lock written by hand as another
// machine would (never taken as stale: its process cannot be checked).
#include "project/project_lock.h"

#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>

#include <csignal>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace linewatch;

namespace {

/// A child process that takes the project's lock and waits until killed;
/// -1 when it could not take it.
pid_t holdInChild(const QString &project)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        auto lock = ProjectLock::acquire(project);
        const char c = lock.ok() ? '1' : '0';
        (void)!::write(fds[1], &c, 1);
        for (;;)
            ::pause();
    }
    ::close(fds[1]);
    char c = 0;
    const bool told = ::read(fds[0], &c, 1) == 1;
    ::close(fds[0]);
    if (pid > 0 && (!told || c != '1')) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        return -1;
    }
    return pid;
}

void killAndReap(pid_t pid)
{
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

QString me()
{
    const passwd *pw = ::getpwuid(::getuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : qEnvironmentVariable("USER");
}

} // namespace

class TestProjectLock : public QObject
{
    Q_OBJECT

private slots:
    void acquire_data();
    void acquire();
    void releasedOnDestruction();
    void saveAsMovesTheLock();
    void readOnlyFolder();

private:
    QString freshProject(const QString &name) const;
};

QString TestProjectLock::freshProject(const QString &name) const
{
    const QString folder = test::tempDir() + QLatin1Char('/') + name;
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    const QString project = folder + QStringLiteral("/work.lwproj");
    QFile f(project);
    if (f.open(QIODevice::WriteOnly))
        f.write("{}");
    return project;
}

void TestProjectLock::acquire_data()
{
    QTest::addColumn<QString>("holder");
    QTest::addColumn<bool>("granted");
    QTest::newRow("free: no lock file") << "none" << true;
    QTest::newRow("held by a live process: refused, the holder named") << "live" << false;
    QTest::newRow("stale: the holder was killed (kill -9), cleared silently") << "killed" << true;
    QTest::newRow("held on another machine: refused (its process cannot be checked)") << "other-host" << false;
}

void TestProjectLock::acquire()
{
    QFETCH(QString, holder);
    QFETCH(bool, granted);
    const QString project = freshProject(QStringLiteral("acquire"));
    const QString lockPath = ProjectLock::lockPathFor(project);
    QCOMPARE(lockPath, project + QStringLiteral(".lock"));
    pid_t child = -1;
    QString expected;
    if (holder == QLatin1String("live") || holder == QLatin1String("killed")) {
        child = holdInChild(project);
        QVERIFY(child > 0);
        QVERIFY(QFile::exists(lockPath));
        const auto h = ProjectLock::holder(project);
        QVERIFY(h);
        QCOMPARE(h->pid, qint64(child));
        QCOMPARE(h->user, me());
        QCOMPARE(h->host, QSysInfo::machineHostName());
        expected = QStringLiteral("work.lwproj is open in Linewatch by %1@%2 (process %3) since %4")
                       .arg(me(), QSysInfo::machineHostName())
                       .arg(child)
                       .arg(h->since.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
        QVERIFY(qAbs(h->since.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        if (holder == QLatin1String("killed"))
            killAndReap(child); // no cleanup ran: the lock and its .info stay behind
        QVERIFY(QFile::exists(lockPath));
    } else if (holder == QLatin1String("other-host")) {
        // QLockFile's own format: pid, executable name, host name.
        QFile lock(lockPath);
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write("4242\nlinewatch\nfield-laptop\n");
        lock.close();
        // An .info left by an older lock of another process: ignored, as its pid differs.
        QFile info(ProjectLock::infoPathFor(project));
        QVERIFY(info.open(QIODevice::WriteOnly));
        info.write(R"({"user":"someone-else","host":"field-laptop","pid":999})");
        info.close();
        expected = QStringLiteral("work.lwproj is open in Linewatch by field-laptop (process 4242) since ");
    }

    // Temporaries of saves killed mid-write (AtomicFile's ".<name>.lw-??????"),
    // and two files that only look alike.
    const QString folder = QFileInfo(project).absolutePath();
    const QStringList leftovers{QStringLiteral(".work.lwproj.lw-a1B2c3"), QStringLiteral(".work.lwproj.autosave.lw-Zz9Yy8")};
    const QStringList others{QStringLiteral(".other.lwproj.lw-a1B2c3"), QStringLiteral(".work.lwproj.lw-1234567")};
    for (const QString &name : leftovers + others) {
        QFile f(folder + QLatin1Char('/') + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("half a save");
    }

    auto lock = ProjectLock::acquire(project);
    // Taking the lock clears the project's leftovers; a refused lock leaves
    // them to their holder, who may be writing one right now.
    for (const QString &name : leftovers)
        QCOMPARE(QFile::exists(folder + QLatin1Char('/') + name), !granted);
    for (const QString &name : others)
        QVERIFY(QFile::exists(folder + QLatin1Char('/') + name));
    if (child > 0 && holder == QLatin1String("live"))
        killAndReap(child);
    QCOMPARE(lock.ok(), granted);
    if (granted) {
        QCOMPARE((*lock)->projectPath(), project);
        const auto h = ProjectLock::holder(project);
        QVERIFY(h);
        QCOMPARE(h->pid, QCoreApplication::applicationPid()); // ours now
        QCOMPARE(h->user, me());
    } else {
        QCOMPARE(lock.error().path, project);
        QVERIFY2(lock.error().message.startsWith(expected), qPrintable(lock.error().message + " vs " + expected));
        QVERIFY(QFile::exists(lockPath)); // the other holder's lock is left alone
    }
}

void TestProjectLock::releasedOnDestruction()
{
    const QString project = freshProject(QStringLiteral("release"));
    {
        auto lock = ProjectLock::acquire(project);
        QVERIFY(lock.ok());
        QVERIFY(QFile::exists(ProjectLock::lockPathFor(project)));
        QVERIFY(QFile::exists(ProjectLock::infoPathFor(project)));
        {
            // A second window of this process shares the lock; it stays until both close.
            auto second = ProjectLock::acquire(project);
            QVERIFY(second.ok());
        }
        QVERIFY(QFile::exists(ProjectLock::lockPathFor(project)));
        QVERIFY(holdInChild(project) < 0);
    }
    QVERIFY(!QFile::exists(ProjectLock::lockPathFor(project)));
    QVERIFY(!QFile::exists(ProjectLock::infoPathFor(project)));
    // Another process can have it now.
    const pid_t child = holdInChild(project);
    QVERIFY(child > 0);
    killAndReap(child);
}

void TestProjectLock::saveAsMovesTheLock()
{
    const QString a = freshProject(QStringLiteral("save-as-a"));
    const QString b = QFileInfo(a).absolutePath() + QStringLiteral("/copy.lwproj");
    const QString c = QFileInfo(a).absolutePath() + QStringLiteral("/held.lwproj");
    auto lock = ProjectLock::acquire(a);
    QVERIFY(lock.ok());

    QVERIFY((*lock)->moveTo(b).ok());
    QCOMPARE((*lock)->projectPath(), b);
    QVERIFY(!QFile::exists(ProjectLock::lockPathFor(a)));
    QVERIFY(!QFile::exists(ProjectLock::infoPathFor(a)));
    QVERIFY(QFile::exists(ProjectLock::lockPathFor(b)));
    // Another process can open the old path for writing, not the new one.
    const pid_t onA = holdInChild(a);
    QVERIFY(onA > 0);
    killAndReap(onA);
    QVERIFY(holdInChild(b) < 0);

    // Save As onto a project another process holds: refused, the old lock kept.
    const pid_t onC = holdInChild(c);
    QVERIFY(onC > 0);
    const Status moved = (*lock)->moveTo(c);
    killAndReap(onC);
    QVERIFY(!moved.ok());
    QVERIFY2(moved.error().message.startsWith(QStringLiteral("held.lwproj is open in Linewatch by %1@").arg(me())),
             qPrintable(moved.error().message));
    QCOMPARE((*lock)->projectPath(), b);
    QVERIFY(QFile::exists(ProjectLock::lockPathFor(b)));
    QVERIFY(holdInChild(b) < 0);
}

void TestProjectLock::readOnlyFolder()
{
    if (::geteuid() == 0)
        QSKIP("running as root: folder permissions do not stop root");
    const QString project = freshProject(QStringLiteral("read-only"));
    const QString folder = QFileInfo(project).absolutePath();
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    auto lock = ProjectLock::acquire(project);
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QVERIFY(!lock.ok());
    QCOMPARE(lock.error().path, project);
    QVERIFY2(lock.error().message.contains(ProjectLock::lockPathFor(project)), qPrintable(lock.error().message));
}

QTEST_GUILESS_MAIN(TestProjectLock)
#include "test_project_lock.moc"
