// Issue 6 in the viewer, offscreen: a Save that fails (injected ENOSPC/EIO at
// each step of AtomicFile) shows a message naming the project file, leaves the
// file byte-identical, keeps the window "modified" and keeps the autosave; an
// autosave that fails is reported once and retried until it works; a failed
// export from the Export dialog names the file and leaves the old export; and
// two real `linewatch` processes on one project: the second is told who holds
// it and opens read-only (no save over it, no autosave beside it, Save As
// allowed) or not at all, and a lock left by a killed process is cleared.
#include "main_window.h"
#include "export_dialog.h"
#include "map_canvas.h"

#include "project/annotation_commands.h"
#include "render/annotation_layer.h"
#include "common/atomic_file.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "project/autosave.h"
#include "render/layer_stack.h"
#include "project/project.h"
#include "project/project_lock.h"
#include "render/layer.h"
#include "support/synthetic_dem.h"
#include "support/folder_snapshot.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSysInfo>
#include <QTimer>
#include <QUndoStack>

#include <cerrno>
#include <map>
#include <pwd.h>
#include <unistd.h>

using namespace linewatch;

namespace {

using test::readAll;
using test::snapshot;
using test::strayFiles;

using Step = AtomicFile::Step;
using Folder = test::FolderSnapshot;

/// Non-modal failure messages of a window (or dialog) still open.
QList<QMessageBox *> messages(QWidget *parent, const QString &objectName)
{
    QList<QMessageBox *> open;
    for (QMessageBox *box : parent->findChildren<QMessageBox *>(objectName))
        if (box->isVisible())
            open << box;
    return open;
}

void closeMessages(QWidget *parent)
{
    for (QMessageBox *box : parent->findChildren<QMessageBox *>())
        box->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

Annotation label(const QString &text)
{
    Annotation a;
    a.kind = Annotation::Kind::Text;
    a.points = {LonLat{46.7483, 39.7583}};
    a.text = text;
    return a;
}

QString me()
{
    const passwd *pw = ::getpwuid(::getuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : qEnvironmentVariable("USER");
}

struct Run
{
    int exitCode = -1;
    QString err;
};

} // namespace

class TestSaveFailuresGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void failedSaveKeepsTheWork_data();
    void failedSaveKeepsTheWork();
    void failedAutosaveIsReportedOnceAndRetried();
    void failedExportKeepsTheOldExport_data();
    void failedExportKeepsTheOldExport();
    void secondInstanceOnTheSameProject();
    void cleanupTestCase() { delete mWindow; }

private:
    void edit(const QString &text) { mWindow->undoStack()->push(new AddAnnotationCommand(mWindow->annotations(), label(text))); }
    QAction *saveAction() const;

    MainWindow *mWindow = nullptr;
    QString mProject;
};

void TestSaveFailuresGui::initTestCase()
{
    GdalEnvironment::initialise();
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    mProject = test::prepareSampleCopy(QStringLiteral("save-failures"));
    QVERIFY(QFile::exists(mProject));
    mWindow = new MainWindow;
    mWindow->resize(1000, 700);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mWindow->openProject(mProject);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
    QVERIFY(mWindow->projectLock());
    QVERIFY(!mWindow->isReadOnly());
}

void TestSaveFailuresGui::cleanup()
{
    AtomicFile::clearFault();
    if (mWindow)
        closeMessages(mWindow);
}

QAction *TestSaveFailuresGui::saveAction() const
{
    for (QAction *a : mWindow->findChildren<QAction *>())
        if (a->shortcut() == QKeySequence(QKeySequence::Save))
            return a;
    return nullptr;
}

void TestSaveFailuresGui::failedSaveKeepsTheWork_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    QTest::newRow("disk full creating the temporary") << int(Step::Create) << ENOSPC;
    QTest::newRow("disk full writing") << int(Step::Write) << ENOSPC;
    QTest::newRow("I/O error writing") << int(Step::Write) << EIO;
    QTest::newRow("I/O error on fsync") << int(Step::Sync) << EIO;
    QTest::newRow("rename fails") << int(Step::Rename) << EIO;
    QTest::newRow("folder fsync fails after the rename") << int(Step::SyncFolder) << EIO;
}

void TestSaveFailuresGui::failedSaveKeepsTheWork()
{
    QFETCH(int, step);
    QFETCH(int, err);
    const QString folder = QFileInfo(mProject).absolutePath();
    const QString autosave = Autosave::pathFor(mProject);
    const QString text = QStringLiteral("work in progress %1-%2").arg(step).arg(err);
    edit(text);
    QVERIFY(mWindow->isWindowModified());
    QTRY_VERIFY_WITH_TIMEOUT(readAll(autosave).contains(text.toUtf8()), 3 * Autosave::kDelayMs);
    const QByteArray before = readAll(mProject);
    QVERIFY(!before.contains(text.toUtf8()));

    QAction *save = saveAction();
    QVERIFY(save && save->isEnabled());
    // Only for the Save itself (the autosave's timer cannot fire inside it).
    AtomicFile::injectFault(Step(step), err, QFileInfo(mProject).fileName());
    save->trigger();
    AtomicFile::clearFault();

    const QList<QMessageBox *> shown = messages(mWindow, QStringLiteral("saveFailedMessage"));
    QCOMPARE(shown.size(), 1);
    QVERIFY2(shown[0]->text().contains(mProject), qPrintable(shown[0]->text()));
    QVERIFY2(shown[0]->text().contains(QString::fromLocal8Bit(std::strerror(err))), qPrintable(shown[0]->text()));
    QVERIFY(!shown[0]->isModal());
    QVERIFY(mWindow->isWindowModified()); // not marked saved
    QVERIFY(!mWindow->undoStack()->isClean());
    QVERIFY(readAll(autosave).contains(text.toUtf8())); // the autosave is kept
    QCOMPARE(strayFiles(folder), QStringList());
    if (Step(step) != Step::SyncFolder)
        QCOMPARE(readAll(mProject), before);

    // With the disk back, Save works and the autosave goes.
    closeMessages(mWindow);
    save->trigger();
    QVERIFY(messages(mWindow, QStringLiteral("saveFailedMessage")).isEmpty());
    QVERIFY(!mWindow->isWindowModified());
    QVERIFY(readAll(mProject).contains(text.toUtf8()));
    QVERIFY(!QFile::exists(autosave));
}

void TestSaveFailuresGui::failedAutosaveIsReportedOnceAndRetried()
{
    const QString autosave = Autosave::pathFor(mProject);
    QVERIFY(!QFile::exists(autosave));
    const int problemsBefore = int(mWindow->problems().size());
    QSignalSpy written(mWindow->autosave(), &Autosave::written);
    AtomicFile::injectFault(Step::Write, ENOSPC, QStringLiteral(".autosave"));
    edit(QStringLiteral("kept only in memory for now"));
    // The first write after kDelayMs, then retries every kDelayMs: wait for three attempts.
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->autosave()->isFailing(), 2 * Autosave::kDelayMs);
    QTest::qWait(2 * Autosave::kDelayMs + 500);
    const QList<QMessageBox *> shown = messages(mWindow, QStringLiteral("saveFailedMessage"));
    QCOMPARE(shown.size(), 1); // once, not every two seconds
    QVERIFY2(shown[0]->text().contains(autosave), qPrintable(shown[0]->text()));
    QVERIFY(shown[0]->text().contains(QLatin1String("No space left on device")));
    QCOMPARE(int(mWindow->problems().size()), problemsBefore + 1);
    QCOMPARE(written.size(), 0);
    QVERIFY(mWindow->autosave()->isPending()); // still trying

    AtomicFile::clearFault();
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 2 * Autosave::kDelayMs);
    QVERIFY(readAll(autosave).contains("kept only in memory for now"));
    QCOMPARE(messages(mWindow, QStringLiteral("saveFailedMessage")).size(), 1);
    QVERIFY(mWindow->saveProject(mProject));
    QVERIFY(!QFile::exists(autosave));
}

void TestSaveFailuresGui::failedExportKeepsTheOldExport_data()
{
    QTest::addColumn<int>("formatIndex"); // the dialog's order: PDF, PNG, SVG, GeoTIFF, GeoPNG
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    QTest::newRow("PDF, disk full writing") << 0 << QStringLiteral("figure.pdf") << int(Step::Write) << ENOSPC;
    QTest::newRow("PNG, I/O error on fsync") << 1 << QStringLiteral("figure.png") << int(Step::Sync) << EIO;
    QTest::newRow("GeoTIFF, rename fails") << 3 << QStringLiteral("figure.tif") << int(Step::Rename) << EIO;
    QTest::newRow("GeoPNG, disk full creating") << 4 << QStringLiteral("figure.png") << int(Step::Create) << ENOSPC;
}

void TestSaveFailuresGui::failedExportKeepsTheOldExport()
{
    QFETCH(int, formatIndex);
    QFETCH(QString, file);
    QFETCH(int, step);
    QFETCH(int, err);
    const QString folder = test::tempDir() + QStringLiteral("/exports");
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    const QString out = folder + QLatin1Char('/') + file;
    MapSettings view = mWindow->canvas()->settings();
    view.setOutputSize(QSize(400, 300));
    ExportDialog dialog(view, mWindow->layers()->drawingOrder(), QStringLiteral("Old figure"), {mProject}, mWindow);
    dialog.setFileChooser([out](const QString &) { return out; });
    dialog.show();
    dialog.findChildren<QComboBox *>().first()->setCurrentIndex(formatIndex);
    QPushButton *exportButton = nullptr;
    for (QPushButton *b : dialog.findChild<QDialogButtonBox *>()->findChildren<QPushButton *>())
        if (b->text().startsWith(QLatin1String("Export")))
            exportButton = b;
    QVERIFY(exportButton);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QVERIFY2(dialog.statusText().startsWith(QLatin1String("Wrote")), qPrintable(dialog.statusText()));
    const Folder before = snapshot(folder);
    QVERIFY(before.size() >= 2); // the figure and its sidecar (and the GeoPNG's companions)

    AtomicFile::injectFault(Step(step), err, file);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    AtomicFile::clearFault();
    const QList<QMessageBox *> shown = messages(&dialog, QStringLiteral("exportFailedMessage"));
    QCOMPARE(shown.size(), 1);
    QVERIFY2(shown[0]->text().contains(out), qPrintable(shown[0]->text()));
    QVERIFY2(shown[0]->text().contains(QString::fromLocal8Bit(std::strerror(err))), qPrintable(shown[0]->text()));
    QVERIFY(dialog.statusText().contains(out));
    QVERIFY(snapshot(folder) == before); // byte for byte, no temporaries
    QCOMPARE(strayFiles(folder), QStringList());
    closeMessages(&dialog);
}

void TestSaveFailuresGui::secondInstanceOnTheSameProject()
{
    const QString exe = test::binDir() + QStringLiteral("/linewatch");
    if (!QFile::exists(exe))
        QSKIP("build/bin/linewatch is not built (cmake --build build --target linewatch)");
    const QString project = test::prepareSampleCopy(QStringLiteral("two-instances"));
    const QString dir = QFileInfo(project).absolutePath();
    const QString name = QFileInfo(project).fileName();
    const QByteArray original = readAll(project);
    QFile json(dir + QStringLiteral("/add.json"));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(QJsonDocument(QJsonArray{label(QStringLiteral("second instance")).toJson()}).toJson());
    json.close();

    // Each process its own XDG folders (its "unsaved work" autosave goes there).
    auto environment = [&dir](const QString &who) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/xdg-data-") + who);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/xdg-config-") + who);
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QStringLiteral("/xdg-cache-") + who);
        return env;
    };
    auto run = [&](const QString &who, const QStringList &args) {
        QProcess p;
        p.setProcessEnvironment(environment(who));
        p.start(exe, QStringList{QStringLiteral("--restore-autosave=no")} + args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    };

    QProcess first;
    first.setProcessEnvironment(environment(QStringLiteral("first")));
    first.start(exe, {QStringLiteral("--restore-autosave=no"), project});
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(ProjectLock::holder(project) && ProjectLock::holder(project)->pid == first.processId(),
                             20000);
    const QString holder = QStringLiteral("%1 is open in Linewatch by %2@%3 (process %4) since ")
                               .arg(name, me(), QSysInfo::machineHostName())
                               .arg(first.processId());

    // --if-locked=cancel: told who holds it, the project not opened (an empty one saved elsewhere).
    const QString cancelled = dir + QStringLiteral("/cancelled.lwproj");
    Run r = run(QStringLiteral("second"), {QStringLiteral("--if-locked=cancel"), QStringLiteral("--save-to=") + cancelled, project});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(holder), qPrintable(r.err));
    auto empty = Project::load(cancelled);
    QVERIFY(empty.ok());
    QCOMPARE(empty->layers.size(), 0);

    // Read-only: saving over the project is refused.
    r = run(QStringLiteral("second"), {QStringLiteral("--if-locked=read-only"), QStringLiteral("--save-to=") + project, project});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(holder), qPrintable(r.err));
    QCOMPARE(readAll(project), original);

    // Read-only with an edit: its autosave goes to its own data folder, never beside the project.
    {
        QProcess second;
        second.setProcessEnvironment(environment(QStringLiteral("second")));
        second.start(exe, {QStringLiteral("--restore-autosave=no"), QStringLiteral("--if-locked=read-only"),
                           QStringLiteral("--add-annotations=") + json.fileName(), project});
        QVERIFY(second.waitForStarted());
        const QString ownAutosave = dir + QStringLiteral("/xdg-data-second/Linewatch/Linewatch/unsaved.lwproj.autosave");
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ownAutosave), 20000);
        QVERIFY(!QFile::exists(Autosave::pathFor(project)));
        second.kill();
        second.waitForFinished();
        auto own = Project::load(ownAutosave);
        QVERIFY(own.ok());
        QCOMPARE(own->annotations.size(), std::size_t(1));
        QCOMPARE(own->layers.size(), 5); // the project's layers, by absolute path
    }
    QCOMPARE(readAll(project), original);
    QCOMPARE(ProjectLock::holder(project)->pid, first.processId()); // the first still holds it

    // Read-only, Save As elsewhere: allowed, with the edit.
    const QString copy = dir + QStringLiteral("/copy.lwproj");
    r = run(QStringLiteral("third"), {QStringLiteral("--if-locked=read-only"), QStringLiteral("--add-annotations=") + json.fileName(),
                                      QStringLiteral("--save-to=") + copy, project});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    auto saved = Project::load(copy);
    QVERIFY(saved.ok());
    QCOMPARE(saved->annotations.size(), std::size_t(1));
    QCOMPARE(saved->layers.size(), 5);
    QVERIFY(!QFile::exists(ProjectLock::lockPathFor(copy))); // released at exit
    QCOMPARE(readAll(project), original);

    // In a window of this process: the question names the holder; the two answers.
    for (const bool readOnly : {true, false}) {
        MainWindow w;
        w.show();
        QString question;
        QTimer::singleShot(300, &w, [&question, readOnly] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("projectLockedQuestion"))
                return;
            question = box->text();
            for (QAbstractButton *b : box->buttons()) {
                if (b->text().contains(QLatin1String("Read-Only")) == readOnly) {
                    b->click();
                    return;
                }
            }
        });
        w.openProject(project);
        QVERIFY2(question.startsWith(holder), qPrintable(question));
        QVERIFY(!w.projectLock());
        if (!readOnly) {
            QCOMPARE(w.currentProject().filePath, QString()); // not opened
            QVERIFY(!w.isReadOnly());
            continue;
        }
        QVERIFY(w.isReadOnly());
        QVERIFY(w.windowTitle().contains(QLatin1String("(read-only)")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.loader()->isRunning(), 20000);
        QVERIFY(!w.saveProject(project));
        QCOMPARE(messages(&w, QStringLiteral("saveFailedMessage")).size(), 1);
        QCOMPARE(readAll(project), original);
        const QString saveAs = dir + QStringLiteral("/save-as.lwproj");
        QVERIFY(w.saveProject(saveAs)); // Save As takes the new file's lock
        QVERIFY(!w.isReadOnly());
        QVERIFY(w.projectLock());
        QCOMPARE(ProjectLock::holder(saveAs)->pid, QCoreApplication::applicationPid());
        QCOMPARE(ProjectLock::holder(project)->pid, first.processId());
        closeMessages(&w);
        w.close();
        QVERIFY(!QFile::exists(ProjectLock::lockPathFor(saveAs))); // closing released it
    }

    // The holder is killed (kill -9): its lock stays behind, and the next
    // instance clears it silently and may save over the project.
    first.kill();
    QVERIFY(first.waitForFinished());
    QVERIFY(QFile::exists(ProjectLock::lockPathFor(project)));
    r = run(QStringLiteral("fourth"), {QStringLiteral("--if-locked=cancel"), QStringLiteral("--add-annotations=") + json.fileName(),
                                       QStringLiteral("--save-to=") + project, project});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains(QLatin1String("is open in Linewatch")), qPrintable(r.err));
    auto resaved = Project::load(project);
    QVERIFY(resaved.ok());
    QCOMPARE(resaved->annotations.size(), std::size_t(1));
    QVERIFY(!QFile::exists(ProjectLock::lockPathFor(project)));
}

QTEST_MAIN(TestSaveFailuresGui)
#include "test_save_failures_gui.moc"
