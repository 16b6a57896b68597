#pragma once

#include <QImage>
#include <QString>

namespace linewatch::test {

/// Result of comparing an image with its golden.
struct ImageDifference
{
    bool sameSize = false;
    int mismatched = 0;      ///< pixels differing by more than the colour tolerance
    double fraction = 1.0;   ///< mismatched / all pixels
    QString describe() const;
};

/// Fuzzy comparison after Mapper's fuzzyDifference: a pixel matches when
/// any pixel within `shift` px of it in the golden is within
/// `channelTolerance` on every channel (edges may move by a pixel when fonts
/// or antialiasing differ slightly).
ImageDifference compareImages(const QImage &actual, const QImage &golden, int channelTolerance = 8, int shift = 1);

/// Compares with tests/data/golden/NAME.png. When the golden is missing or
/// LINEWATCH_UPDATE_GOLDEN=1, writes the actual image there instead and
/// reports that (the test then fails so a golden is never made silently).
/// Always writes the actual image beside the build for inspection.
bool matchesGolden(const QImage &actual, const QString &name, double maxFraction, QString *message);

} // namespace linewatch::test
