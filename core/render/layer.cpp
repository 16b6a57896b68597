#include "render/layer.h"

#include <algorithm>

namespace linewatch {

Layer::Layer(QObject *parent) : QObject(parent) {}
Layer::~Layer() = default;

void Layer::setName(const QString &name)
{
    if (name == mName)
        return;
    mName = name;
    emit propertiesChanged();
}

void Layer::setAttribution(const QString &text)
{
    if (text == mAttribution)
        return;
    mAttribution = text;
    emit propertiesChanged();
}

void Layer::setApproximate(bool approximate)
{
    if (approximate == mApproximate)
        return;
    mApproximate = approximate;
    emit propertiesChanged();
}

void Layer::setVisible(bool visible)
{
    if (visible == mVisible)
        return;
    mVisible = visible;
    emit propertiesChanged();
    emit changed();
}

void Layer::setOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == mOpacity)
        return;
    mOpacity = opacity;
    emit propertiesChanged();
    emit changed();
}

void Layer::setHealth(Health health, const QString &message)
{
    if (health == mHealth && message == mHealthMessage)
        return;
    mHealth = health;
    mHealthMessage = message;
    emit propertiesChanged();
}

} // namespace linewatch
