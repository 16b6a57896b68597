#pragma once

#include "export/figure_spec.h"
#include "render/map_settings.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QImage>
#include <QList>

#include <atomic>
#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QSpinBox;
class QTimer;

namespace linewatch {

class Layer;
class FigureComposer;

/// File > Export: a report figure of the current map (PNG, PDF, SVG, or the map
/// alone georeferenced as GeoTIFF or PNG with world file), with a live preview.
/// The figure is composed by the same FigureComposer as `linewatch-cli render`;
/// previews and the export itself run on worker threads, cancellable.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    ExportDialog(const MapSettings &view, QList<const Layer *> layersBottomFirst, const QString &title,
                 const QStringList &inputFiles, QWidget *parent = nullptr);
    ~ExportDialog() override;

    /// The spec the controls describe.
    FigureSpec spec() const;
    /// Exports to path without asking (tests); returns the error message or "".
    QString exportTo(const QString &path);
    /// Replaces the file dialog Export… opens (tests): returns the chosen path, "" for cancel.
    void setFileChooser(std::function<QString(const QString &suggested)> chooser) { mChooseFile = std::move(chooser); }
    /// The status line under the preview ("Wrote …", or what failed).
    QString statusText() const;
    /// The last preview image (tests).
    QImage preview() const { return mPreviewImage; }
    bool isPreviewing() const { return mPreviewWatcher.isRunning(); }

private:
    void schedulePreview();
    void startPreview();
    void chooseFileAndExport();
    void setBusy(bool busy);

    MapSettings mView;
    QList<const Layer *> mLayers;
    QStringList mInputs;

    QComboBox *mFormat, *mPage, *mOrientation, *mScale;
    QSpinBox *mDpi, *mCustomScale, *mCustomWidth, *mCustomHeight;
    QLineEdit *mTitle, *mSubtitle;
    QList<QCheckBox *> mElements;
    QLabel *mPreview, *mStatus;
    QProgressBar *mProgress;
    QDialogButtonBox *mButtons;
    QTimer *mPreviewTimer;

    std::shared_ptr<std::atomic_bool> mPreviewCancel;
    QFutureWatcher<QImage> mPreviewWatcher;
    QImage mPreviewImage;
    std::shared_ptr<std::atomic_bool> mExportCancel;
    std::function<QString(const QString &)> mChooseFile;
};

} // namespace linewatch
