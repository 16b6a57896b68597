#include "export_dialog.h"

#include "export/figure_composer.h"
#include "export/figure_exporter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace linewatch {

namespace {

struct FormatChoice
{
    const char *label;
    FigureFormat format;
    const char *suffix;
};

const FormatChoice kFormats[] = {
    {"PDF (vector)", FigureFormat::Pdf, "pdf"},
    {"PNG image", FigureFormat::Png, "png"},
    {"SVG (vector)", FigureFormat::Svg, "svg"},
    {"GeoTIFF (map only, georeferenced)", FigureFormat::GeoTiff, "tif"},
    {"PNG + world file (map only, georeferenced)", FigureFormat::GeoPng, "png"},
};

const char *kElementNames[] = {"Title", "Legend", "Scale bar", "North arrow", "Grid",
                               "Locator inset", "Claims table", "Sources", "Method note"};

} // namespace

ExportDialog::ExportDialog(const MapSettings &view, QList<const Layer *> layers, const QString &title,
                           const QStringList &inputFiles, QWidget *parent)
    : QDialog(parent), mView(view), mLayers(std::move(layers)), mInputs(inputFiles)
{
    setWindowTitle(tr("Export Figure"));
    mFormat = new QComboBox(this);
    for (const FormatChoice &f : kFormats)
        mFormat->addItem(tr(f.label));
    mPage = new QComboBox(this);
    mPage->addItems({QStringLiteral("A4"), QStringLiteral("A3"), QStringLiteral("Letter"), tr("Custom (mm)"),
                     tr("Pixels (PNG)")});
    // Custom: the page in millimetres; Pixels: the image size in pixels.
    mCustomWidth = new QSpinBox(this);
    mCustomHeight = new QSpinBox(this);
    for (QSpinBox *b : {mCustomWidth, mCustomHeight}) {
        b->setRange(50, 20000);
        b->setEnabled(false);
    }
    mCustomWidth->setValue(250);
    mCustomHeight->setValue(180);
    mOrientation = new QComboBox(this);
    mOrientation->addItems({tr("Landscape"), tr("Portrait")});
    mDpi = new QSpinBox(this);
    mDpi->setRange(72, 600);
    mDpi->setValue(300);
    mDpi->setSuffix(tr(" dpi"));
    mScale = new QComboBox(this);
    mScale->addItems({tr("Current view"), QStringLiteral("1:25,000"), QStringLiteral("1:50,000"),
                      QStringLiteral("1:100,000"), tr("Custom")});
    mCustomScale = new QSpinBox(this);
    mCustomScale->setRange(100, 100000000);
    mCustomScale->setValue(75000);
    mCustomScale->setPrefix(QStringLiteral("1:"));
    mCustomScale->setEnabled(false);
    mTitle = new QLineEdit(title, this);
    mSubtitle = new QLineEdit(this);
    mSubtitle->setPlaceholderText(tr("optional"));

    auto *form = new QFormLayout;
    form->addRow(tr("Format"), mFormat);
    form->addRow(tr("Page"), mPage);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(mCustomWidth);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(mCustomHeight);
    form->addRow(tr("Size"), sizeRow);
    form->addRow(tr("Orientation"), mOrientation);
    form->addRow(tr("Resolution"), mDpi);
    auto *scaleRow = new QHBoxLayout;
    scaleRow->addWidget(mScale);
    scaleRow->addWidget(mCustomScale);
    form->addRow(tr("Scale"), scaleRow);
    form->addRow(tr("Title"), mTitle);
    form->addRow(tr("Subtitle"), mSubtitle);

    auto *elementsBox = new QGroupBox(tr("Elements"), this);
    auto *elementsLayout = new QVBoxLayout(elementsBox);
    for (const char *name : kElementNames) {
        auto *c = new QCheckBox(tr(name), elementsBox);
        c->setChecked(true);
        elementsLayout->addWidget(c);
        mElements << c;
        connect(c, &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
    }

    mPreview = new QLabel(this);
    mPreview->setMinimumSize(560, 400);
    mPreview->setAlignment(Qt::AlignCenter);
    mPreview->setFrameShape(QFrame::StyledPanel);
    mPreview->setStyleSheet(QStringLiteral("background: #8a8a8a;"));
    mStatus = new QLabel(this);
    mProgress = new QProgressBar(this);
    mProgress->setRange(0, 0);
    mProgress->setVisible(false);

    mButtons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = mButtons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    connect(exportButton, &QPushButton::clicked, this, &ExportDialog::chooseFileAndExport);
    connect(mButtons, &QDialogButtonBox::rejected, this, [this] {
        if (mExportCancel) {
            mExportCancel->store(true); // cancel a running export, keep the dialog
            return;
        }
        reject();
    });

    auto *left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(elementsBox);
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(mPreview, 1);
    right->addWidget(mStatus);
    right->addWidget(mProgress);
    auto *top = new QHBoxLayout;
    top->addLayout(left);
    top->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(mButtons);

    mPreviewTimer = new QTimer(this);
    mPreviewTimer->setSingleShot(true);
    mPreviewTimer->setInterval(150);
    connect(mPreviewTimer, &QTimer::timeout, this, &ExportDialog::startPreview);
    connect(mPage, &QComboBox::currentIndexChanged, this, [this](int i) {
        mCustomWidth->setEnabled(i >= 3);
        mCustomHeight->setEnabled(i >= 3);
        mCustomWidth->setSuffix(i == 4 ? tr(" px") : tr(" mm"));
        mCustomHeight->setSuffix(i == 4 ? tr(" px") : tr(" mm"));
        if (i == 4) {
            mCustomWidth->setValue(3000);
            mCustomHeight->setValue(2000);
        }
    });
    for (QSpinBox *b : {mCustomWidth, mCustomHeight})
        connect(b, &QSpinBox::valueChanged, this, &ExportDialog::schedulePreview);
    for (QComboBox *c : {mFormat, mPage, mOrientation, mScale})
        connect(c, &QComboBox::currentIndexChanged, this, &ExportDialog::schedulePreview);
    connect(mScale, &QComboBox::currentIndexChanged, this, [this](int i) { mCustomScale->setEnabled(i == 4); });
    connect(mCustomScale, &QSpinBox::valueChanged, this, &ExportDialog::schedulePreview);
    connect(mTitle, &QLineEdit::textChanged, this, &ExportDialog::schedulePreview);
    connect(mSubtitle, &QLineEdit::textChanged, this, &ExportDialog::schedulePreview);
    connect(&mPreviewWatcher, &QFutureWatcher<QImage>::finished, this, [this] {
        if (mPreviewWatcher.isCanceled())
            return;
        mPreviewImage = mPreviewWatcher.result();
        mPreview->setPixmap(QPixmap::fromImage(mPreviewImage));
    });
    resize(980, 620);
    schedulePreview();
}

ExportDialog::~ExportDialog()
{
    if (mPreviewCancel)
        mPreviewCancel->store(true);
    if (mExportCancel)
        mExportCancel->store(true);
    mPreviewWatcher.waitForFinished();
}

FigureSpec ExportDialog::spec() const
{
    FigureSpec s;
    const QPageSize::PageSizeId ids[] = {QPageSize::A4, QPageSize::A3, QPageSize::Letter};
    if (mPage->currentIndex() <= 2)
        s.pageSize = QPageSize(ids[mPage->currentIndex()]);
    else if (mPage->currentIndex() == 3)
        s.pageSize = QPageSize(QSizeF(mCustomWidth->value(), mCustomHeight->value()), QPageSize::Millimeter);
    else
        s.pixelSize = QSize(mCustomWidth->value(), mCustomHeight->value());
    if (mPage->currentIndex() == 3) // a custom page is as its sides say
        s.orientation = mCustomWidth->value() >= mCustomHeight->value() ? QPageLayout::Landscape : QPageLayout::Portrait;
    else
        s.orientation = mOrientation->currentIndex() == 0 ? QPageLayout::Landscape : QPageLayout::Portrait;
    s.dpi = mDpi->value();
    const double scales[] = {0, 25000, 50000, 100000};
    s.scaleDenominator = mScale->currentIndex() < 4 ? scales[mScale->currentIndex()] : mCustomScale->value();
    s.title = mTitle->text();
    s.subtitle = mSubtitle->text();
    bool *flags[] = {&s.elements.title, &s.elements.legend, &s.elements.scaleBar, &s.elements.northArrow,
                     &s.elements.grid, &s.elements.inset, &s.elements.claimsTable, &s.elements.attribution,
                     &s.elements.methodNote};
    for (int i = 0; i < mElements.size(); ++i)
        *flags[i] = mElements[i]->isChecked();
    return s;
}

void ExportDialog::schedulePreview() { mPreviewTimer->start(); }

void ExportDialog::startPreview()
{
    if (mPreviewCancel)
        mPreviewCancel->store(true);
    // The preview is the same figure at a resolution that fits the panel.
    FigureSpec s = spec();
    const QSizeF mm = s.pageMillimetres();
    const double fit = std::min(mPreview->width() / mm.width(), mPreview->height() / mm.height()) * 25.4;
    s.dpi = std::max(20, int(fit));
    auto composer = std::make_shared<FigureComposer>(s, FigureContent::describe(mView, mLayers));
    auto cancel = std::make_shared<std::atomic_bool>(false);
    mPreviewCancel = cancel;
    // The scale does not depend on the DPI: the preview's is the export's.
    mStatus->setText(tr("Map scale 1:%L1 at the centre (geodesic) · %2")
                         .arg(qRound64(composer->mapSettings().scaleDenominator()))
                         .arg(mView.crs().authId()));
    mPreviewWatcher.setFuture(QtConcurrent::run([composer, cancel, s] {
        QImage image(s.pagePixels().toSize(), QImage::Format_ARGB32_Premultiplied);
        image.setDotsPerMeterX(qRound(s.dpi / 0.0254));
        image.setDotsPerMeterY(qRound(s.dpi / 0.0254));
        QPainter p(&image);
        composer->draw(p, false, cancel.get());
        return image;
    }));
}

QString ExportDialog::exportTo(const QString &path)
{
    const FigureFormat format = kFormats[std::clamp(mFormat->currentIndex(), 0, 4)].format;
    auto composer = std::make_shared<FigureComposer>(spec(), FigureContent::describe(mView, mLayers));
    auto cancel = std::make_shared<std::atomic_bool>(false);
    mExportCancel = cancel;
    setBusy(true);
    const QStringList inputs = mInputs;
    QFutureWatcher<Status> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcher<Status>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([composer, format, path, inputs, cancel] {
        return FigureExporter::write(*composer, format, path, inputs, cancel.get());
    }));
    // The UI stays live (preview, Cancel) while the figure is written.
    loop.exec();
    setBusy(false);
    mExportCancel.reset();
    const Status s = watcher.result();
    return s.ok() ? QString() : s.error().toString();
}

void ExportDialog::chooseFileAndExport()
{
    const FormatChoice &f = kFormats[std::clamp(mFormat->currentIndex(), 0, 4)];
    const QString suggested = (mTitle->text().isEmpty() ? QStringLiteral("figure") : mTitle->text().left(40))
                                  .replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("-"))
                              + QLatin1Char('.') + QLatin1String(f.suffix);
    const QString path = mChooseFile ? mChooseFile(suggested)
                                     : QFileDialog::getSaveFileName(this, tr("Export Figure"), suggested,
                                                                    tr("%1 (*.%2)").arg(tr(f.label), QLatin1String(f.suffix)));
    if (path.isEmpty())
        return;
    const QString error = exportTo(path);
    if (!error.isEmpty()) {
        // Non-modal, naming the file; the old export is untouched (FigureExporter).
        mStatus->setText(tr("Export failed: %1").arg(error));
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                    tr("%1\n\nAny earlier export of that name is unchanged.").arg(error),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("exportFailedMessage"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setModal(false);
        box->show();
        return;
    }
    mStatus->setText(tr("Wrote %1 and %1.json (sources and SHA-256 of the inputs)").arg(path));
}

QString ExportDialog::statusText() const { return mStatus->text(); }

void ExportDialog::setBusy(bool busy)
{
    mProgress->setVisible(busy);
    mButtons->button(QDialogButtonBox::Cancel)->setText(busy ? tr("Stop") : tr("Close"));
    for (QAbstractButton *b : mButtons->buttons())
        if (mButtons->buttonRole(b) == QDialogButtonBox::AcceptRole)
            b->setEnabled(!busy);
    if (busy)
        mStatus->setText(tr("Exporting… (Stop cancels)"));
}

} // namespace linewatch
