#include "layer_panel.h"

#include "render/layer_stack.h"
#include "render/layer.h"
#include "render/legend_item.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QToolButton>
#include <QTransform>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace linewatch {

namespace {

constexpr int kLayerRole = Qt::UserRole + 1;

QIcon iconForLegend(const LegendItem &item)
{
    QPixmap pm(24, 16);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    switch (item.symbol) {
    case LegendItem::Symbol::Line: {
        QPen pen = item.pen;
        pen.setWidthF(std::clamp(pen.widthF(), 1.0, 4.0));
        p.setPen(pen);
        p.drawLine(QPointF(2, 8), QPointF(22, 8));
        break;
    }
    case LegendItem::Symbol::Fill:
        p.setPen(item.pen);
        p.setBrush(item.brush);
        p.drawRect(QRectF(3, 2, 18, 12));
        break;
    case LegendItem::Symbol::Marker: {
        p.setPen(item.pen);
        p.setBrush(item.brush);
        const double r = std::clamp(item.markerSize / 2.0, 2.0, 7.0);
        if (item.markerPath.isEmpty()) {
            p.drawEllipse(QPointF(12, 8), r, r);
        } else {
            // The layer's own symbol (star, triangle, ...), 1 unit across.
            QTransform t;
            t.translate(12, 8);
            t.scale(2 * r, 2 * r);
            QPen pen = item.pen;
            pen.setWidthF(std::clamp(pen.widthF(), 0.5, 1.5));
            p.setPen(pen);
            p.drawPath(t.map(item.markerPath));
        }
        break;
    }
    case LegendItem::Symbol::Ramp:
    case LegendItem::Symbol::Raster:
        if (!item.ramp.isNull())
            p.drawImage(QRectF(1, 3, 22, 10), item.ramp);
        p.setPen(QColor(0, 0, 0, 90));
        p.drawRect(QRectF(1, 3, 22, 10));
        break;
    }
    return QIcon(pm);
}

QIcon iconForLayer(const Layer *layer)
{
    switch (layer->health()) {
    case Layer::Health::Error:
        return QIcon(QStringLiteral(":/icons/error.svg"));
    case Layer::Health::Warning:
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    default:
        break;
    }
    switch (layer->kind()) {
    case Layer::Kind::Terrain:
        return QIcon(QStringLiteral(":/icons/layer-terrain.svg"));
    case Layer::Kind::Raster:
        return QIcon(QStringLiteral(":/icons/layer-raster.svg"));
    default:
        return QIcon(QStringLiteral(":/icons/layer-vector.svg"));
    }
}

QToolButton *toolButton(const QString &icon, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setIcon(QIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

LayerPanel::LayerPanel(LayerStack *layers, QWidget *parent) : QWidget(parent), mLayers(layers)
{
    mTree = new QTreeWidget(this);
    mTree->setHeaderHidden(true);
    mTree->setColumnCount(1);
    mTree->setIconSize(QSize(20, 16));
    mTree->setUniformRowHeights(false);
    mTree->setWordWrap(true);
    mTree->header()->setStretchLastSection(true);

    mUp = toolButton(QStringLiteral(":/icons/layer-up.svg"), tr("Move layer up"), this);
    mDown = toolButton(QStringLiteral(":/icons/layer-down.svg"), tr("Move layer down"), this);
    mRemove = toolButton(QStringLiteral(":/icons/layer-remove.svg"), tr("Remove layer (Del)"), this);
    mZoom = toolButton(QStringLiteral(":/icons/zoom-layer.svg"), tr("Zoom to layer"), this);
    mOpacity = new QSlider(Qt::Horizontal, this);
    mOpacity->setRange(0, 100);
    mOpacity->setToolTip(tr("Opacity of the selected layer"));
    mOpacityLabel = new QLabel(tr("Opacity"), this);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(mUp);
    buttons->addWidget(mDown);
    buttons->addWidget(mZoom);
    buttons->addWidget(mRemove);
    buttons->addSpacing(8);
    buttons->addWidget(mOpacityLabel);
    buttons->addWidget(mOpacity, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(mTree, 1);

    connect(mUp, &QToolButton::clicked, this, &LayerPanel::moveCurrentUp);
    connect(mDown, &QToolButton::clicked, this, &LayerPanel::moveCurrentDown);
    connect(mRemove, &QToolButton::clicked, this, &LayerPanel::removeCurrent);
    connect(mZoom, &QToolButton::clicked, this, [this] {
        if (Layer *l = currentLayer())
            emit zoomToLayerRequested(l);
    });
    connect(mOpacity, &QSlider::valueChanged, this, [this](int v) {
        if (Layer *l = currentLayer())
            l->setOpacity(v / 100.0);
    });
    connect(mTree, &QTreeWidget::itemChanged, this, &LayerPanel::onItemChanged);
    connect(mTree, &QTreeWidget::currentItemChanged, this, &LayerPanel::onCurrentChanged);
    connect(mLayers, &LayerStack::structureChanged, this, &LayerPanel::rebuild);
    connect(mLayers, &LayerStack::layerPropertiesChanged, this, &LayerPanel::updateItem);
    rebuild();
}

Layer *LayerPanel::currentLayer() const
{
    QTreeWidgetItem *item = mTree->currentItem();
    while (item && item->parent())
        item = item->parent();
    if (!item)
        return nullptr;
    auto *layer = static_cast<Layer *>(item->data(0, kLayerRole).value<void *>());
    return mLayers->indexOf(layer) >= 0 ? layer : nullptr;
}

void LayerPanel::setCurrentLayer(Layer *layer)
{
    if (QTreeWidgetItem *item = itemFor(layer))
        mTree->setCurrentItem(item);
}

QTreeWidgetItem *LayerPanel::itemFor(const Layer *layer) const
{
    for (int i = 0; i < mTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = mTree->topLevelItem(i);
        if (item->data(0, kLayerRole).value<void *>() == layer)
            return item;
    }
    return nullptr;
}

void LayerPanel::rebuild()
{
    Layer *current = currentLayer();
    {
    // Blocking the tree's signals (not a flag): filling an item can make a
    // layer report new properties, which re-enters updateItem().
    const QSignalBlocker blocker(mTree);
    mTree->clear();
    for (Layer *layer : mLayers->layers()) {
        auto *item = new QTreeWidgetItem(mTree);
        item->setData(0, kLayerRole, QVariant::fromValue<void *>(layer));
        fillItem(item, layer);
        item->setExpanded(true);
    }
    }
    if (current)
        setCurrentLayer(current);
    else if (mTree->topLevelItemCount() > 0)
        mTree->setCurrentItem(mTree->topLevelItem(0));
    onCurrentChanged();
}

void LayerPanel::updateItem(Layer *layer)
{
    if (QTreeWidgetItem *item = itemFor(layer)) {
        {
            const QSignalBlocker blocker(mTree);
            fillItem(item, layer);
        }
        mTree->viewport()->update();
        if (layer == currentLayer())
            onCurrentChanged();
    }
}

void LayerPanel::fillItem(QTreeWidgetItem *item, Layer *layer)
{
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(0, layer->isVisible() ? Qt::Checked : Qt::Unchecked);
    QString text = layer->name();
    if (layer->isApproximate())
        text += tr("  (approximate)");
    item->setText(0, text);
    item->setIcon(0, iconForLayer(layer));
    QFont f = item->font(0);
    f.setBold(true);
    f.setItalic(layer->isApproximate());
    item->setFont(0, f);

    QStringList tip;
    tip << QStringLiteral("<b>%1</b>").arg(layer->name().toHtmlEscaped());
    if (!layer->sourcePath().isEmpty())
        tip << tr("File: %1").arg(layer->sourcePath().toHtmlEscaped());
    if (!layer->attribution().isEmpty())
        tip << tr("Source: %1").arg(layer->attribution().toHtmlEscaped());
    if (layer->isApproximate())
        tip << tr("<i>Contains approximate or illustrative data: not authoritative.</i>");
    if (!layer->healthMessage().isEmpty())
        tip << layer->healthMessage().toHtmlEscaped();
    tip << tr("CRS: %1").arg(layer->crs().authId().toHtmlEscaped());
    item->setToolTip(0, tip.join(QStringLiteral("<br>")));

    qDeleteAll(item->takeChildren());
    if (!layer->healthMessage().isEmpty()) {
        auto *msg = new QTreeWidgetItem(item);
        msg->setText(0, layer->healthMessage());
        msg->setToolTip(0, layer->healthMessage());
        msg->setForeground(0, layer->health() == Layer::Health::Error ? QColor(0xb7, 0x1c, 0x1c) : QColor(0x8a, 0x5a, 0x00));
        msg->setFlags(Qt::ItemIsEnabled);
    }
    for (const LegendItem &li : layer->legend()) {
        auto *child = new QTreeWidgetItem(item);
        QString label = li.label;
        if (li.symbol == LegendItem::Symbol::Ramp && !li.rampMin.isEmpty())
            label += QStringLiteral("  %1 – %2").arg(li.rampMin, li.rampMax);
        child->setText(0, label);
        child->setIcon(0, iconForLegend(li));
        child->setFlags(Qt::ItemIsEnabled);
    }
    if (!layer->attribution().isEmpty()) {
        auto *src = new QTreeWidgetItem(item);
        src->setText(0, tr("Source: %1").arg(layer->attribution()));
        src->setToolTip(0, layer->attribution());
        src->setForeground(0, QColor(0x60, 0x60, 0x60));
        QFont sf = src->font(0);
        sf.setPointSizeF(sf.pointSizeF() * 0.9);
        src->setFont(0, sf);
        src->setFlags(Qt::ItemIsEnabled);
    }
}

void LayerPanel::onItemChanged(QTreeWidgetItem *item, int)
{
    if (item->parent())
        return;
    auto *layer = static_cast<Layer *>(item->data(0, kLayerRole).value<void *>());
    if (mLayers->indexOf(layer) >= 0)
        layer->setVisible(item->checkState(0) == Qt::Checked);
}

void LayerPanel::onCurrentChanged()
{
    Layer *l = currentLayer();
    const int index = mLayers->indexOf(l);
    mUp->setEnabled(l && index > 0);
    mDown->setEnabled(l && index < mLayers->count() - 1);
    mRemove->setEnabled(l != nullptr);
    mZoom->setEnabled(l != nullptr);
    mOpacity->setEnabled(l != nullptr);
    const QSignalBlocker blocker(mOpacity);
    mOpacity->setValue(l ? qRound(l->opacity() * 100) : 100);
}

void LayerPanel::moveCurrentUp()
{
    if (Layer *l = currentLayer()) {
        mLayers->move(mLayers->indexOf(l), mLayers->indexOf(l) - 1);
        setCurrentLayer(l);
    }
}

void LayerPanel::moveCurrentDown()
{
    if (Layer *l = currentLayer()) {
        mLayers->move(mLayers->indexOf(l), mLayers->indexOf(l) + 1);
        setCurrentLayer(l);
    }
}

void LayerPanel::removeCurrent()
{
    if (Layer *l = currentLayer())
        mLayers->remove(mLayers->indexOf(l));
}

} // namespace linewatch
