#pragma once

#include <QCursor>
#include <QObject>

class QKeyEvent;
class QMouseEvent;
class QPainter;

namespace linewatch {

class MapCanvas;

/// An interactive tool on the map canvas (measure, add a claim, annotate,
/// line of sight...). The canvas hands it mouse and key events first and
/// pans or zooms only with what the tool does not take; the tool draws its
/// rubber bands over the map in paint(). One tool is active at a time.
class MapTool : public QObject
{
    Q_OBJECT

public:
    explicit MapTool(MapCanvas *canvas);
    ~MapTool() override;

    MapCanvas *canvas() const { return mCanvas; }

    /// Called when the tool becomes (in)active: reset state, show hints.
    virtual void activate() {}
    virtual void deactivate() {}

    /// Return true to consume the event (the canvas then does not pan).
    /// The middle button always pans and the wheel always zooms.
    virtual bool mousePress(QMouseEvent *) { return false; }
    virtual bool mouseMove(QMouseEvent *) { return false; }
    virtual bool mouseRelease(QMouseEvent *) { return false; }
    virtual bool mouseDoubleClick(QMouseEvent *) { return false; }
    virtual bool keyPress(QKeyEvent *) { return false; }

    /// Draws over the map, in widget pixels, after the frame.
    virtual void paint(QPainter &) {}

    virtual QCursor cursor() const { return Qt::CrossCursor; }

signals:
    /// The tool is done (e.g. Esc): the window switches back to panning.
    void finished();
    /// A one-line hint or result for the status bar.
    void message(const QString &text);

private:
    MapCanvas *mCanvas;
};

} // namespace linewatch
