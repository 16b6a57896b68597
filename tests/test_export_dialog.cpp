// The export dialog offscreen: its live preview shows the figure, and Export
// writes the chosen format with its sidecar, as `linewatch-cli render` does.
#include "export_dialog.h"
#include "main_window.h"
#include "map_canvas.h"

#include "data/gdal_environment.h"
#include "data/layer_loader.h"
#include "project/layer_stack.h"
#include "render/layer.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QComboBox>
#include <QFile>
#include <QProcess>

using namespace linewatch;

class TestExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void previewAndExport_data();
    void previewAndExport();
    void cleanupTestCase() { delete mWindow; }

private:
    MainWindow *mWindow = nullptr;
};

void TestExportDialog::initTestCase()
{
    GdalEnvironment::initialise();
    mWindow = new MainWindow;
    mWindow->resize(1000, 700);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mWindow->openProject(test::prepareSampleCopy(QStringLiteral("shusha-export")));
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
}

void TestExportDialog::previewAndExport_data()
{
    QTest::addColumn<int>("formatIndex");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("PDF") << 0 << QStringLiteral("figure.pdf") << QByteArray("%PDF");
    QTest::newRow("PNG") << 1 << QStringLiteral("figure.png") << QByteArray("\x89PNG");
    QTest::newRow("SVG") << 2 << QStringLiteral("figure.svg") << QByteArray("<?xml");
    QTest::newRow("GeoTIFF") << 3 << QStringLiteral("figure.tif") << QByteArray("II*");
}

void TestExportDialog::previewAndExport()
{
    QFETCH(int, formatIndex);
    QFETCH(QString, file);
    QFETCH(QByteArray, magic);
    MapSettings view = mWindow->canvas()->settings();
    view.setOutputSize(mWindow->canvas()->size());
    QStringList inputs;
    for (const Layer *l : mWindow->layers()->drawingOrder())
        inputs << l->sourcePath();
    ExportDialog dialog(view, mWindow->layers()->drawingOrder(), QStringLiteral("Test figure"), inputs);
    dialog.show();
    dialog.findChildren<QComboBox *>().first()->setCurrentIndex(formatIndex);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.preview().isNull() && !dialog.isPreviewing(), 20000);
    // An A4 landscape page: width / height = 297 / 210.
    const QImage preview = dialog.preview();
    QVERIFY(std::abs(double(preview.width()) / preview.height() - 297.0 / 210.0) < 0.02);
    if (formatIndex == 0)
        preview.save(QStringLiteral(LINEWATCH_TEST_OUTPUT "/export-preview.png"));
    const QString out = test::tempDir() + QLatin1Char('/') + file;
    const QString error = dialog.exportTo(out);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(magic.size()) == magic);
    QVERIFY(QFile::exists(out + QStringLiteral(".json")));
}

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
