#include "profile_chart.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace linewatch {

namespace {

/// A round tick step (1, 2 or 5 times a power of ten) giving about `count` ticks over span.
double tickStep(double span, int count)
{
    if (!(span > 0))
        return 1;
    const double raw = span / std::max(count, 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

const QColor terrainFill(222, 204, 170);
const QColor terrainEdge(120, 90, 50);
const QColor seenColour(30, 150, 50);
const QColor hiddenColour(205, 40, 30);
const QColor sightColour(20, 80, 200);

} // namespace

ProfileChart::ProfileChart(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setObjectName(QStringLiteral("profileChart"));
}

const ElevationProfile *ProfileChart::profile() const
{
    if (mLineOfSight)
        return &mLineOfSight->profile();
    return mProfile ? &*mProfile : nullptr;
}

void ProfileChart::setProfile(const ElevationProfile &profile)
{
    mLineOfSight.reset();
    mProfile = profile;
    updateRange();
}

void ProfileChart::setLineOfSight(const LineOfSight &lineOfSight)
{
    mProfile.reset();
    mLineOfSight = lineOfSight;
    updateRange();
}

void ProfileChart::clear()
{
    mProfile.reset();
    mLineOfSight.reset();
    mHovered = -1;
    update();
}

void ProfileChart::updateRange()
{
    mHovered = -1;
    double lo = INFINITY, hi = -INFINITY;
    if (const ElevationProfile *p = profile())
        for (const ProfileSample &s : p->samples())
            if (s.elevationMetres) {
                lo = std::min(lo, *s.elevationMetres);
                hi = std::max(hi, *s.elevationMetres);
            }
    if (mLineOfSight)
        for (const auto &h : mLineOfSight->sightLineElevationsMetres())
            if (h) {
                lo = std::min(lo, *h);
                hi = std::max(hi, *h);
            }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 100;
    }
    const double pad = std::max((hi - lo) * 0.08, 5.0);
    mMinElevation = lo - pad;
    mMaxElevation = hi + pad;
    update();
}

QRectF ProfileChart::plotRect() const
{
    return QRectF(58, 12, std::max(10, width() - 58 - 14), std::max(10, height() - 12 - 40));
}

QPointF ProfileChart::pointOf(double distanceMetres, double elevationMetres) const
{
    const QRectF r = plotRect();
    const ElevationProfile *p = profile();
    const double length = p && p->lengthMetres() > 0 ? p->lengthMetres() : 1.0;
    return {r.left() + r.width() * distanceMetres / length,
            r.bottom() - r.height() * (elevationMetres - mMinElevation) / (mMaxElevation - mMinElevation)};
}

int ProfileChart::sampleNearestX(double x) const
{
    const ElevationProfile *p = profile();
    if (!p || p->samples().empty())
        return -1;
    const QRectF r = plotRect();
    const double d = (x - r.left()) / r.width() * p->lengthMetres();
    const auto &s = p->samples();
    auto it = std::lower_bound(s.begin(), s.end(), d,
                               [](const ProfileSample &a, double v) { return a.distanceMetres < v; });
    if (it == s.end())
        return int(s.size()) - 1;
    if (it != s.begin() && d - std::prev(it)->distanceMetres < it->distanceMetres - d)
        --it;
    return int(it - s.begin());
}

void ProfileChart::mouseMoveEvent(QMouseEvent *event)
{
    const QRectF r = plotRect().adjusted(-4, 0, 4, 0);
    const int sample = r.contains(event->position()) ? sampleNearestX(event->position().x()) : -1;
    if (sample != mHovered) {
        mHovered = sample;
        update();
        emit sampleHovered(sample);
    }
}

void ProfileChart::leaveEvent(QEvent *)
{
    if (mHovered != -1) {
        mHovered = -1;
        update();
        emit sampleHovered(-1);
    }
}

void ProfileChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRectF r = plotRect();
    const ElevationProfile *profile = this->profile();
    const QFontMetrics fm = p.fontMetrics();
    if (!profile || profile->samples().empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No profile yet: use “Profile of the line”, draw a path or check a line of sight."));
        return;
    }
    const auto &samples = profile->samples();
    const double length = profile->lengthMetres();

    // Grid and axes: km along x, m up y.
    p.setPen(QPen(QColor(0, 0, 0, 30), 1));
    const double xStep = tickStep(length / 1000, 6) * 1000;
    const double yStep = tickStep(mMaxElevation - mMinElevation, 5);
    p.setFont(font());
    for (double d = 0; d <= length + 1e-6; d += xStep) {
        const double x = pointOf(d, 0).x();
        p.setPen(QPen(QColor(0, 0, 0, 30), 1));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        p.setPen(palette().color(QPalette::Text));
        const QString t = QString::number(d / 1000, 'g', 6);
        p.drawText(QPointF(x - fm.horizontalAdvance(t) / 2.0, r.bottom() + fm.ascent() + 3), t);
    }
    for (double h = std::ceil(mMinElevation / yStep) * yStep; h <= mMaxElevation; h += yStep) {
        const double y = pointOf(0, h).y();
        p.setPen(QPen(QColor(0, 0, 0, 30), 1));
        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
        p.setPen(palette().color(QPalette::Text));
        const QString t = QString::number(h, 'f', 0);
        p.drawText(QPointF(r.left() - 6 - fm.horizontalAdvance(t), y + fm.ascent() / 2.0 - 1), t);
    }
    p.drawText(QRectF(r.left(), r.bottom() + fm.height() + 4, r.width(), fm.height()), Qt::AlignHCenter,
               tr("distance along the path [km], geodesic on WGS84"));
    p.save();
    p.translate(12, r.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-r.height() / 2, -fm.ascent(), r.height(), fm.height()), Qt::AlignHCenter, tr("elevation [m]"));
    p.restore();

    p.setRenderHint(QPainter::Antialiasing, true);
    p.setClipRect(r);
    // Terrain: one filled piece per run of samples with an elevation; the
    // gaps between them are hatched, never bridged.
    std::size_t i = 0;
    while (i < samples.size()) {
        if (!samples[i].elevationMetres) {
            std::size_t j = i;
            while (j + 1 < samples.size() && !samples[j + 1].elevationMetres)
                ++j;
            const double from = i > 0 ? samples[i - 1].distanceMetres : samples[i].distanceMetres;
            const double to = j + 1 < samples.size() ? samples[j + 1].distanceMetres : samples[j].distanceMetres;
            QRectF gap(QPointF(pointOf(from, 0).x(), r.top()), QPointF(pointOf(to, 0).x(), r.bottom()));
            gap.setWidth(std::max(gap.width(), 2.0));
            p.fillRect(gap, QBrush(QColor(150, 150, 150, 120), Qt::BDiagPattern));
            if (gap.width() > fm.horizontalAdvance(tr("no data")) + 4) {
                p.setPen(QColor(90, 90, 90));
                p.drawText(gap, Qt::AlignCenter, tr("no data"));
            }
            i = j + 1;
            continue;
        }
        QPolygonF top;
        std::size_t j = i;
        for (; j < samples.size() && samples[j].elevationMetres; ++j)
            top << pointOf(samples[j].distanceMetres, *samples[j].elevationMetres);
        QPolygonF area = top;
        area << QPointF(top.last().x(), r.bottom()) << QPointF(top.first().x(), r.bottom());
        p.setPen(Qt::NoPen);
        p.setBrush(terrainFill);
        p.drawPolygon(area);
        p.setPen(QPen(terrainEdge, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(top);
        i = j;
    }

    if (mLineOfSight) {
        // Ground seen from the observer in green, hidden in red, over the terrain edge.
        const auto &vis = mLineOfSight->sampleVisibility();
        for (std::size_t k = 1; k < samples.size() && k < vis.size(); ++k) {
            if (!samples[k - 1].elevationMetres || !samples[k].elevationMetres
                || vis[k] == LineOfSight::SampleVisibility::Unknown)
                continue;
            p.setPen(QPen(vis[k] == LineOfSight::SampleVisibility::Visible ? seenColour : hiddenColour, 3));
            p.drawLine(pointOf(samples[k - 1].distanceMetres, *samples[k - 1].elevationMetres),
                       pointOf(samples[k].distanceMetres, *samples[k].elevationMetres));
        }
        // The sight line, curving down by the Earth's bulge (refraction included).
        QPolygonF sight;
        const auto &heights = mLineOfSight->sightLineElevationsMetres();
        for (std::size_t k = 0; k < heights.size() && k < samples.size(); ++k)
            if (heights[k])
                sight << pointOf(samples[k].distanceMetres, *heights[k]);
        p.setPen(QPen(sightColour, 1.8, Qt::DashLine));
        p.drawPolyline(sight);
        if (!sight.isEmpty()) {
            p.setPen(QPen(Qt::white, 1.5));
            p.setBrush(sightColour);
            p.drawEllipse(sight.first(), 4.5, 4.5);
            p.drawRect(QRectF(sight.last() - QPointF(4, 4), QSizeF(8, 8)));
        }
        if (const auto &o = mLineOfSight->firstObstruction()) {
            const QPointF c = pointOf(o->distanceMetres, o->terrainElevationMetres);
            p.setPen(QPen(hiddenColour, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, 7, 7);
            p.drawLine(c + QPointF(-5, -5), c + QPointF(5, 5));
            p.drawLine(c + QPointF(-5, 5), c + QPointF(5, -5));
            const QString t = tr("obstruction, %1 m above the sight line").arg(o->riseAboveSightLineMetres, 0, 'f', 0);
            const double w = fm.horizontalAdvance(t) + 8;
            QRectF box(c.x() - w / 2, c.y() - 14 - fm.height(), w, fm.height() + 2);
            box.moveLeft(std::clamp(box.left(), r.left() + 2, r.right() - w - 2));
            box.moveTop(std::max(box.top(), r.top() + 2));
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(255, 255, 255, 220));
            p.drawRect(box);
            p.setPen(hiddenColour);
            p.drawText(box, Qt::AlignCenter, t);
        }
    }

    if (mHovered >= 0 && mHovered < int(samples.size())) {
        const ProfileSample &s = samples[mHovered];
        const double x = pointOf(s.distanceMetres, 0).x();
        p.setPen(QPen(QColor(0, 0, 0, 140), 1, Qt::DotLine));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        QString t = tr("%1 km").arg(s.distanceMetres / 1000, 0, 'f', 2);
        t += s.elevationMetres ? tr(", %1 m").arg(*s.elevationMetres, 0, 'f', 0) : tr(", no data");
        if (mLineOfSight) {
            const auto &c = mLineOfSight->clearancesMetres();
            if (mHovered < int(c.size()) && c[mHovered])
                t += tr(", sight line %1 m %2").arg(std::abs(*c[mHovered]), 0, 'f', 0)
                         .arg(*c[mHovered] >= 0 ? tr("above") : tr("below"));
        }
        if (s.elevationMetres) {
            p.setPen(QPen(Qt::white, 1.5));
            p.setBrush(Qt::black);
            p.drawEllipse(pointOf(s.distanceMetres, *s.elevationMetres), 4, 4);
        }
        const double w = fm.horizontalAdvance(t) + 10;
        QRectF box(x + 8, r.top() + 4, w, fm.height() + 4);
        if (box.right() > r.right())
            box.moveRight(x - 8);
        p.setPen(QPen(QColor(0, 0, 0, 120), 1));
        p.setBrush(QColor(255, 255, 255, 235));
        p.drawRect(box);
        p.setPen(Qt::black);
        p.drawText(box, Qt::AlignCenter, t);
    }
    p.setClipping(false);
    p.setPen(QPen(palette().color(QPalette::Text), 1));
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.drawRect(r);
}

} // namespace linewatch
