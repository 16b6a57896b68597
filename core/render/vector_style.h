#pragma once

#include "common/result.h"
#include "io/vector_feature.h"

#include <QColor>
#include <QJsonObject>
#include <QList>
#include <QPainterPath>
#include <QString>
#include <QVariantMap>

namespace linewatch {

/// The shape of a point symbol.
enum class MarkerShape { Circle, Square, Triangle, Diamond, Star, Cross };

/// How one class of features looks. Sizes are typographic points [pt] and are
/// multiplied by MapSettings::pixelsPerPoint() when drawn, so a 300 dpi print
/// looks like the screen.
struct VectorSymbol
{
    QColor strokeColor = QColor(0x30, 0x30, 0x30);
    double strokeWidthPt = 0.8;     ///< [pt]
    QList<double> dashPattern;      ///< dash, gap, ... in multiples of the stroke width; empty: solid
    QColor casingColor = Qt::transparent; ///< a wider line drawn under the stroke (borders, roads)
    double casingWidthPt = 0.0;     ///< [pt]
    QColor fillColor = Qt::transparent;
    MarkerShape marker = MarkerShape::Circle;
    double markerSizePt = 6.0;      ///< [pt] across the symbol
    double labelFontSizePt = 9.0;   ///< [pt]
    bool labelBold = false;
    QColor labelColor = QColor(0x20, 0x20, 0x20);
    int labelPriority = 0;          ///< higher labels are placed first
    QString legendLabel;            ///< what the legend says; empty: the rule value

    /// The marker outline centred on (0, 0), sizePx across.
    static QPainterPath markerPath(MarkerShape shape, double sizePx);

    QJsonObject toJson() const;
    /// Reads the keys present in json over `defaults`; unknown keys are ignored.
    static Result<VectorSymbol> fromJson(const QJsonObject &json, const VectorSymbol &defaults);
};

/// A symbol for the features whose rule field equals value.
struct VectorStyleRule
{
    QString value;
    VectorSymbol symbol;
};

/// The style of a vector layer: a base symbol, an optional attribute-driven
/// set of rules (e.g. the `kind` of a place: city, town, village, summit,
/// height), and the label field. A value type stored in the project file
/// through toJson()/fromJson().
///
/// Features with a true `approximate` attribute are drawn by the renderer so
/// they are visibly not authoritative (hollow, dashed) and labelled "(approx.)";
/// that is not configurable on purpose.
struct VectorStyle
{
    VectorSymbol base;
    QString labelField = QStringLiteral("name"); ///< empty: no labels
    QString ruleField;                         ///< empty: every feature uses base
    QList<VectorStyleRule> rules;
    int priority = 0;                          ///< added to every label's priority of this layer

    /// The symbol for a feature with these attributes: the first rule whose
    /// value equals the rule field's value (case-insensitive), else base.
    const VectorSymbol &symbolFor(const QVariantMap &attributes) const;

    /// Sensible defaults for a layer whose features are mostly of this type.
    static VectorStyle defaultFor(GeometryType type);
    /// The style a layer gets when its project entry names none: places()
    /// when the features' `kind` values are place kinds, borders() when they
    /// are border/coastline, else defaultFor() the dominant geometry type.
    static VectorStyle suggestedFor(const VectorData &data, GeometryType dominantType);
    /// Places by `kind`: city (star), town (square), village (circle),
    /// summit (triangle), height (diamond).
    static VectorStyle places();
    /// Boundaries by `kind`: border (dash-dot over a tinted band), coastline.
    static VectorStyle borders();

    QJsonObject toJson() const;
    static Result<VectorStyle> fromJson(const QJsonObject &json);
};

QString markerShapeName(MarkerShape shape);

} // namespace linewatch
