#pragma once

#include <QRectF>

class QPainter;

namespace linewatch {

class MapSettings;

/// Lines of equal longitude and latitude over a map, at a round interval
/// (1′ to 10°) chosen for four to seven lines across, labelled in the band
/// outside the map frame where each line meets the frame ("46°40′E").
/// In UTM the meridians are not parallel to the frame: they are drawn as the
/// curves they are, sampled densely and transformed by PROJ.
class Graticule
{
public:
    /// The interval [deg] for a span of spanDegrees across the map.
    static double interval(double spanDegrees);
    /// "46°40′E", "39°45′N": degrees and minutes as the interval needs.
    static QString label(double degrees, bool longitude, double interval);

    /// Draws into frame (painter coordinates), for a map drawn with settings
    /// whose output size is frame's size. Labels go into the band of
    /// bandWidth px outside the frame.
    /// Lines, labels or both: a figure draws the lines with the map (before
    /// masking what lies outside the frame) and the labels after.
    enum class Parts { Lines, Labels, Both };
    static void draw(QPainter &painter, const MapSettings &settings, const QRectF &frame, double bandWidth,
                     Parts parts = Parts::Both);
};

} // namespace linewatch
