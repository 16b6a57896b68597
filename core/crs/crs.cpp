#include "crs/crs.h"

#include <proj.h>

#include <algorithm>
#include <cmath>

namespace linewatch {

Result<Crs> Crs::fromString(const QString &definition)
{
    const QString def = definition.trimmed();
    if (def.isEmpty())
        return Error{QStringLiteral("empty CRS definition")};

    PJ_CONTEXT *ctx = proj_context_create();
    proj_context_set_enable_network(ctx, 0);
    proj_log_level(ctx, PJ_LOG_NONE);
    PJ *pj = proj_create(ctx, def.toUtf8().constData());
    if (!pj) {
        const int err = proj_context_errno(ctx);
        QString msg = QStringLiteral("unknown CRS \"%1\"").arg(def.left(80));
        if (err)
            msg += QStringLiteral(" (%1)").arg(QString::fromUtf8(proj_context_errno_string(ctx, err)));
        proj_context_destroy(ctx);
        return Error{msg};
    }
    const PJ_TYPE type = proj_get_type(pj);
    const bool isCrs = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
                       || type == PJ_TYPE_PROJECTED_CRS || type == PJ_TYPE_COMPOUND_CRS
                       || type == PJ_TYPE_GEOCENTRIC_CRS || type == PJ_TYPE_BOUND_CRS
                       || type == PJ_TYPE_OTHER_CRS || type == PJ_TYPE_GEODETIC_CRS;
    if (!isCrs || type == PJ_TYPE_GEOCENTRIC_CRS) {
        proj_destroy(pj);
        proj_context_destroy(ctx);
        return Error{QStringLiteral("\"%1\" is not a geographic or projected CRS").arg(def.left(80))};
    }

    Crs crs;
    crs.mDefinition = def;
    if (const char *name = proj_get_name(pj))
        crs.mName = QString::fromUtf8(name);
    // Look through a bound or compound CRS to the horizontal part.
    PJ *horizontal = nullptr;
    if (type == PJ_TYPE_BOUND_CRS)
        horizontal = proj_get_source_crs(ctx, pj);
    else if (type == PJ_TYPE_COMPOUND_CRS)
        horizontal = proj_crs_get_sub_crs(ctx, pj, 0);
    const PJ *h = horizontal ? horizontal : pj;
    const PJ_TYPE ht = proj_get_type(h);
    crs.mGeographic = ht == PJ_TYPE_GEOGRAPHIC_2D_CRS || ht == PJ_TYPE_GEOGRAPHIC_3D_CRS
                      || ht == PJ_TYPE_GEODETIC_CRS;
    const char *auth = proj_get_id_auth_name(h, 0);
    const char *code = proj_get_id_code(h, 0);
    if (!auth || !code) {
        // WKT from a file often lacks an ID; ask the database for a confident match.
        int *confidence = nullptr;
        if (PJ_OBJ_LIST *list = proj_identify(ctx, h, "EPSG", nullptr, &confidence)) {
            if (proj_list_get_count(list) > 0 && confidence && confidence[0] >= 90) {
                PJ *best = proj_list_get(ctx, list, 0);
                if (const char *c = proj_get_id_code(best, 0))
                    crs.mAuthId = QStringLiteral("EPSG:") + QString::fromUtf8(c);
                proj_destroy(best);
            }
            proj_list_destroy(list);
        }
        proj_int_list_destroy(confidence);
    } else {
        crs.mAuthId = QString::fromUtf8(auth) + QLatin1Char(':') + QString::fromUtf8(code);
    }
    if (horizontal)
        proj_destroy(horizontal);
    proj_destroy(pj);
    proj_context_destroy(ctx);
    return crs;
}

Crs Crs::utmFor(double lon, double lat)
{
    const double l = std::remainder(lon, 360.0); // [-180, 180]
    const int zone = std::clamp(int(std::floor((l + 180.0) / 6.0)) + 1, 1, 60);
    const QString code = QStringLiteral("EPSG:%1").arg((lat >= 0 ? 32600 : 32700) + zone);
    return fromKnown(code, QStringLiteral("WGS 84 / UTM zone %1%2").arg(zone).arg(lat >= 0 ? QLatin1Char('N') : QLatin1Char('S')),
                     false);
}

Crs Crs::displayCrsFor(const Crs &dataCrs, double lon, double lat)
{
    if (dataCrs.isValid() && !dataCrs.isGeographic())
        return dataCrs;
    if (std::isfinite(lon) && std::isfinite(lat) && std::abs(lat) <= 84.0)
        return utmFor(lon, lat);
    return webMercator();
}

} // namespace linewatch
