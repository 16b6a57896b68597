#include "go_to_box.h"

#include "map_canvas.h"
#include "map_overlay.h"

#include "crs/position_label.h"

#include <QApplication>
#include <QCompleter>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QtConcurrent>

#include <algorithm>

namespace linewatch {

namespace {

/// Scale denominator for a result: close enough to see the place, never
/// closer than its MGRS/UTM square fills, and never zooming out a closer view.
double scaleFor(const ParsedPosition &p, double current)
{
    // 1:50 000 shows a few kilometres around a point or a 1 km square; a
    // 10 km square needs 1:250 000 and a 100 km one 1:2 000 000 to fit.
    double wanted = 50000;
    if (p.precisionMetres >= 100000)
        wanted = 2000000;
    else if (p.precisionMetres >= 10000)
        wanted = 250000;
    return current > 0 && current < wanted ? current : wanted;
}

} // namespace

GoToBox::GoToBox(MapCanvas *canvas, MapOverlay *overlay, QWidget *parent)
    : QWidget(parent), mCanvas(canvas), mOverlay(overlay)
{
    mEdit = new QLineEdit(this);
    mEdit->setObjectName(QStringLiteral("goToEdit"));
    mEdit->setPlaceholderText(tr("Go to: 39.7583 46.7483, 38SPK4976302393, Shusha…"));
    mEdit->setToolTip(tr("Go to a position (Ctrl+G): decimal degrees (latitude first), degrees-minutes-seconds, "
                         "UTM (38N 649763 4402393), MGRS (38SPK4976302393) or a place name in any language "
                         "of the bundled gazetteer. WGS84."));
    mEdit->setClearButtonEnabled(true);
    mEdit->setMinimumWidth(300);
    mEdit->setMaximumWidth(520);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(mEdit);

    // The answer to bad input floats under the box, like a tooltip that
    // stays until the text changes, so the toolbar keeps its height.
    mMessage = new QLabel(this, Qt::ToolTip);
    mMessage->setObjectName(QStringLiteral("goToMessage"));
    mMessage->setWordWrap(true);
    mMessage->setMaximumWidth(520);
    mMessage->setStyleSheet(QStringLiteral("QLabel { background: #fff4f2; color: #8a1500; border: 1px solid #c0392b;"
                                           " padding: 4px; }"));
    mMessage->hide();

    mCompleter = new QCompleter(this);
    mCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    mCompleter->setFilterMode(Qt::MatchStartsWith);
    mCompleter->setMaxVisibleItems(12);
    mEdit->setCompleter(mCompleter);

    connect(mEdit, &QLineEdit::returnPressed, this, &GoToBox::go);
    connect(mEdit, &QLineEdit::textEdited, mMessage, &QWidget::hide);
    // The answer floats in its own window: put it away when the box loses focus.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *old, QWidget *) {
        if (old == mEdit)
            mMessage->hide();
    });
    connect(mEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && mOverlay)
            mOverlay->removeItems(markerKey());
    });

    mMarkerTimer.setSingleShot(true);
    mMarkerTimer.setInterval(markerSeconds * 1000);
    connect(&mMarkerTimer, &QTimer::timeout, this, [this] {
        if (mOverlay)
            mOverlay->removeItems(markerKey());
    });

    auto *watcher = new QFutureWatcher<Result<Gazetteer>>(this);
    connect(watcher, &QFutureWatcher<Result<Gazetteer>>::finished, this, [this, watcher] {
        gazetteerLoaded(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([] { return Gazetteer::loadBundled(); }));
}

void GoToBox::gazetteerLoaded(const Result<Gazetteer> &gazetteer)
{
    if (!gazetteer.ok()) {
        mGazetteerError = gazetteer.error().toString();
        mGazetteer.reset();
    } else {
        mGazetteer = gazetteer.value();
        QStringList names;
        for (const Place &place : mGazetteer->places())
            for (const PlaceName &name : place.names)
                names << name.text;
        names.removeDuplicates();
        names.sort(Qt::CaseInsensitive);
        mCompleter->setModel(new QStringListModel(names, mCompleter));
    }
    if (mGoWhenLoaded) {
        mGoWhenLoaded = false;
        go();
    }
}

void GoToBox::go()
{
    const QString text = mEdit->text().trimmed();
    if (text.isEmpty())
        return;
    auto parsed = CoordinateParser::parse(text, mGazetteer ? &*mGazetteer : nullptr);
    if (!parsed.ok()) {
        // Not a coordinate: it may be a name the gazetteer will know.
        if (!mGazetteer && mGazetteerError.isEmpty()) {
            mGoWhenLoaded = true;
            showMessage(tr("Loading the gazetteer…"));
            return;
        }
        QString message = parsed.error().message;
        if (!mGazetteerError.isEmpty())
            message += QLatin1Char('\n') + tr("(place names unavailable: %1)").arg(mGazetteerError);
        showMessage(message);
        return;
    }
    mMessage->hide();
    const ParsedPosition &p = parsed.value();
    mCanvas->setView(p.position, scaleFor(p, mCanvas->settings().scaleDenominator()));
    const QColor colour = p.place && p.place->place.approximate ? QColor(214, 120, 0) : QColor(0, 90, 200);
    mOverlay->setMarker(markerKey(), p.position, colour, PositionLabel::lines(p));
    mMarkerTimer.start();
    emit positionFound(p);
}

void GoToBox::showMessage(const QString &text)
{
    mMessage->setText(text);
    mMessage->adjustSize();
    mMessage->move(mEdit->mapToGlobal(QPoint(0, mEdit->height() + 2)));
    mMessage->show();
}

void GoToBox::hideEvent(QHideEvent *event)
{
    mMessage->hide();
    QWidget::hideEvent(event);
}

} // namespace linewatch
