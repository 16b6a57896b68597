// The one writer: a save either replaces the file completely or leaves the old
// one byte-identical, whichever step fails, and says which file and why.
#include "common/atomic_file.h"

#include "support/folder_snapshot.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QFile>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace linewatch;

class TestAtomicFile : public QObject
{
    Q_OBJECT

private slots:
    void writesNewFile();
    void replacesKeepingMode();
    void failureLeavesOldFileIntact_data();
    void failureLeavesOldFileIntact();
    void realFileSizeLimitLeavesOldFileIntact();
    void missingFolderNamesThePath();
    void abandonedSaveLeavesNoTrace();
};

namespace {

using test::readAll;
using test::strayFiles;

unsigned posixMode(const QString &path)
{
    struct stat st{};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

} // namespace

void TestAtomicFile::writesNewFile()
{
    const QString path = test::tempDir() + QStringLiteral("/new.txt");
    QFile::remove(path);
    QVERIFY(AtomicFile::save(path, "hello").ok());
    QCOMPARE(readAll(path), QByteArray("hello"));
    QCOMPARE(posixMode(path), 0644u); // not mkstemp's private 0600
}

void TestAtomicFile::replacesKeepingMode()
{
    const QString path = test::tempDir() + QStringLiteral("/mode.txt");
    QVERIFY(AtomicFile::save(path, "old").ok());
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
    QVERIFY(AtomicFile::save(path, "new contents").ok());
    QCOMPARE(readAll(path), QByteArray("new contents"));
    QCOMPARE(posixMode(path), 0600u);
}

void TestAtomicFile::failureLeavesOldFileIntact_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("replaced");
    using S = AtomicFile::Step;
    QTest::newRow("disk full creating") << int(S::Create) << ENOSPC << "No space left on device" << false;
    QTest::newRow("disk full writing") << int(S::Write) << ENOSPC << "No space left on device" << false;
    QTest::newRow("I/O error writing") << int(S::Write) << EIO << "Input/output error" << false;
    QTest::newRow("quota on sync") << int(S::Sync) << EDQUOT << "Disk quota exceeded" << false;
    QTest::newRow("rename refused") << int(S::Rename) << EACCES << "Permission denied" << false;
    // After the rename the new file is in place; the error says it is saved.
    QTest::newRow("folder sync fails") << int(S::SyncFolder) << EIO << "Input/output error" << true;
}

void TestAtomicFile::failureLeavesOldFileIntact()
{
    QFETCH(int, step);
    QFETCH(int, err);
    QFETCH(QString, reason);
    QFETCH(bool, replaced);
    const QString folder = test::tempDir() + QStringLiteral("/fault");
    QDir().mkpath(folder);
    const QString path = folder + QStringLiteral("/project.lwproj");
    const QByteArray old = "{\"old\": true}\n";
    QVERIFY(AtomicFile::save(path, old).ok());

    AtomicFile::injectFault(AtomicFile::Step(step), err, QStringLiteral("project.lwproj"));
    const Status s = AtomicFile::save(path, QByteArray(100000, 'x'));
    AtomicFile::clearFault();

    QVERIFY(!s.ok());
    QCOMPARE(s.error().path, QFileInfo(path).absoluteFilePath());
    QVERIFY2(s.error().message.contains(reason), qPrintable(s.error().message));
    QCOMPARE(readAll(path), replaced ? QByteArray(100000, 'x') : old);
    QCOMPARE(strayFiles(folder), QStringList());
}

void TestAtomicFile::realFileSizeLimitLeavesOldFileIntact()
{
    // A real write error from the kernel, not an injected one: the file-size
    // limit makes write() fail with EFBIG once the temporary reaches 64 KiB.
    const QString folder = test::tempDir() + QStringLiteral("/fsize");
    QDir().mkpath(folder);
    const QString path = folder + QStringLiteral("/big.bin");
    const QByteArray old(1000, 'o');
    QVERIFY(AtomicFile::save(path, old).ok());
    const QString messageFile = folder + QStringLiteral("/message.txt");

    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{64 * 1024, 64 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        const Status s = AtomicFile::save(path, QByteArray(1 << 20, 'n'));
        QFile out(messageFile);
        if (out.open(QIODevice::WriteOnly))
            out.write(s.ok() ? QByteArray("ok") : s.error().toString().toUtf8());
        out.close();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    QVERIFY(WIFEXITED(status));
    const QString message = QString::fromUtf8(readAll(messageFile));
    QVERIFY2(message.contains(QStringLiteral("File too large")), qPrintable(message));
    QVERIFY2(message.startsWith(QFileInfo(path).absoluteFilePath()), qPrintable(message));
    QCOMPARE(readAll(path), old);
    QCOMPARE(strayFiles(folder), QStringList());
}

void TestAtomicFile::missingFolderNamesThePath()
{
    const QString path = test::tempDir() + QStringLiteral("/no/such/folder/out.png");
    const Status s = AtomicFile::save(path, "x");
    QVERIFY(!s.ok());
    QVERIFY(s.error().toString().startsWith(path));
    QVERIFY(s.error().message.contains(QStringLiteral("No such file or directory")));
}

void TestAtomicFile::abandonedSaveLeavesNoTrace()
{
    const QString folder = test::tempDir() + QStringLiteral("/abandon");
    QDir().mkpath(folder);
    const QString path = folder + QStringLiteral("/a.txt");
    QVERIFY(AtomicFile::save(path, "kept").ok());
    {
        AtomicFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write("half of a new"), qint64(13));
        QCOMPARE(strayFiles(folder).size(), 1);
    }
    QCOMPARE(readAll(path), QByteArray("kept"));
    QCOMPARE(strayFiles(folder), QStringList());
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
