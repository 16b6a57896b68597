#pragma once

#include "crs/coordinate_parser.h"
#include "io/gazetteer.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QCompleter;
class QLabel;
class QLineEdit;

namespace linewatch {

class MapCanvas;
class MapOverlay;

/// The toolbar's "Go to" box: the analyst types decimal degrees, DMS, UTM,
/// MGRS or a place name from the bundled gazetteer (completed in every
/// language it lists); Return centres the map there and puts a temporary
/// marker saying what was matched and how. Bad input is answered in a small
/// label under the box with the parser's message (what was expected).
/// The gazetteer loads on a worker thread; a name typed before it is ready
/// is looked up as soon as it is.
class GoToBox : public QWidget
{
    Q_OBJECT

public:
    GoToBox(MapCanvas *canvas, MapOverlay *overlay, QWidget *parent = nullptr);

    QLineEdit *edit() const { return mEdit; }
    /// The answer to bad input; hidden while there is none.
    QLabel *messageLabel() const { return mMessage; }
    bool isGazetteerReady() const { return mGazetteer.has_value(); }
    /// Overlay key of the marker.
    static QString markerKey() { return QStringLiteral("goto/marker"); }
    /// [s] how long the marker stays.
    static constexpr int markerSeconds = 30;

public slots:
    /// Parses the box's text and goes there, or shows why not.
    void go();

signals:
    void positionFound(const linewatch::ParsedPosition &position);

protected:
    void hideEvent(QHideEvent *event) override;

private:
    void gazetteerLoaded(const Result<Gazetteer> &gazetteer);
    void showMessage(const QString &text);

    QPointer<MapCanvas> mCanvas;
    QPointer<MapOverlay> mOverlay;
    QLineEdit *mEdit;
    QLabel *mMessage;
    QCompleter *mCompleter;
    QTimer mMarkerTimer;
    std::optional<Gazetteer> mGazetteer;
    QString mGazetteerError;
    bool mGoWhenLoaded = false;
};

} // namespace linewatch
