#pragma once

#include "annotations/annotation.h"
#include "claims/claim_set.h"
#include "claims/line_set.h"
#include "claims/verdict.h"
#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace linewatch {

/// Claims with their verdicts, the dated line versions and annotations as KML
/// for Google Earth: each claim a placemark styled by verdict (with its
/// uncertainty circle as a geodesic polygon), its date as a TimeStamp and
/// the line versions as TimeSpans so Google Earth's time slider shows the line
/// in force on a claim's date; descriptions carry the quoted text, the
/// verdict's reason, the figures and every source.
class KmlWriter
{
public:
    struct Content
    {
        QString title;
        const ClaimSet *claims = nullptr;  ///< may be null
        std::vector<Verdict> verdicts;     ///< one per claim, same order
        const LineSet *lines = nullptr;    ///< may be null
        std::vector<Annotation> annotations;
    };

    static QByteArray kml(const Content &content);
    /// The same content as one GeoJSON FeatureCollection: claims with their
    /// verdict fields (as `check --format geojson`) and annotations with
    /// their style (colour, width, font size) and kind as properties.
    static QByteArray geoJson(const Content &content);
    /// Writes .kml, .kmz (the KML zipped, as Google Earth expects) or
    /// .geojson by the name's suffix, through AtomicFile: a failure leaves the
    /// old file byte-identical and returns an Error naming the path.
    static Status write(const Content &content, const QString &path);
};

} // namespace linewatch
