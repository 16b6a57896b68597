// The export dialog offscreen: its live preview shows the figure, and Export
// writes the chosen format with its sidecar, as `linewatch-cli render` does.
#include "export_dialog.h"
#include "main_window.h"
#include "map_canvas.h"

#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "support/image_compare.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QComboBox>
#include <QFile>
#include <QProcess>
#include <QSpinBox>

using namespace linewatch;

class TestExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void previewAndExport_data();
    void previewAndExport();
    void sameFigureAsTheCli();
    void customPageAndPixelSize();
    void cleanupTestCase() { delete mWindow; }

private:
    MainWindow *mWindow = nullptr;
    QString mProject;
};

void TestExportDialog::initTestCase()
{
    GdalEnvironment::initialise();
    mWindow = new MainWindow;
    mWindow->resize(1000, 700);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mProject = test::prepareSampleCopy(QStringLiteral("shusha-export"));
    mWindow->openProject(mProject);
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

void TestExportDialog::sameFigureAsTheCli()
{
    // The same project, scale, DPI and title through the dialog and through
    // `linewatch-cli render`: one composer, so the same image.
    MapSettings view = mWindow->canvas()->settings();
    view.setOutputSize(mWindow->canvas()->size());
    ExportDialog dialog(view, mWindow->layers()->drawingOrder(), QStringLiteral("Same figure"), {});
    auto combos = dialog.findChildren<QComboBox *>();
    combos[0]->setCurrentIndex(1); // PNG
    for (QComboBox *c : combos)
        if (c->itemText(2) == QLatin1String("1:50,000"))
            c->setCurrentIndex(2);
    for (QSpinBox *s : dialog.findChildren<QSpinBox *>())
        if (s->suffix() == QLatin1String(" dpi"))
            s->setValue(100);
    QCOMPARE(dialog.spec().scaleDenominator, 50000.0);
    QCOMPARE(dialog.spec().dpi, 100);
    const QString gui = test::tempDir() + QStringLiteral("/gui.png");
    QCOMPARE(dialog.exportTo(gui), QString());

    const QString cli = test::tempDir() + QStringLiteral("/cli.png");
    QProcess p;
    p.start(test::binDir() + QStringLiteral("/linewatch-cli"),
            {QStringLiteral("render"), QStringLiteral("--project"), mProject, QStringLiteral("--title"),
             QStringLiteral("Same figure"), QStringLiteral("--scale"), QStringLiteral("50000"), QStringLiteral("--dpi"),
             QStringLiteral("100"), QStringLiteral("-o"), cli});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    // The method note's minute of making may differ; nothing else may.
    const test::ImageDifference d = test::compareImages(QImage(gui), QImage(cli), 2, 0);
    QVERIFY2(d.sameSize && d.fraction < 0.002, qPrintable(d.describe()));
}

void TestExportDialog::customPageAndPixelSize()
{
    MapSettings view = mWindow->canvas()->settings();
    view.setOutputSize(mWindow->canvas()->size());
    ExportDialog dialog(view, mWindow->layers()->drawingOrder(), QStringLiteral("Sizes"), {});
    QComboBox *page = dialog.findChildren<QComboBox *>().at(1);
    page->setCurrentIndex(3); // Custom (mm)
    auto spins = dialog.findChildren<QSpinBox *>();
    QSpinBox *w = nullptr, *h = nullptr;
    for (QSpinBox *s : spins)
        if (s->suffix() == QLatin1String(" mm"))
            (w ? h : w) = s;
    QVERIFY(w && h);
    w->setValue(200);
    h->setValue(300);
    QCOMPARE(dialog.spec().pageMillimetres().toSize(), QSize(200, 300));
    page->setCurrentIndex(4); // Pixels
    QCOMPARE(dialog.spec().pagePixels().toSize(), QSize(3000, 2000));
}

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
