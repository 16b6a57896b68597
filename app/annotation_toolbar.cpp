#include "annotation_toolbar.h"

#include "map_canvas.h"

#include "render/annotation_layer.h"

#include <QAction>
#include <QActionGroup>
#include <QColorDialog>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSpinBox>

#include <cmath>
#include <QToolButton>

namespace linewatch {

namespace {

/// A small drawn icon per mode, so the toolbar needs no new resource files.
QIcon modeIcon(AnnotateTool::Mode mode)
{
    QPixmap pm(22, 22);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor ink(0x30, 0x30, 0x30);
    p.setPen(QPen(ink, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    switch (mode) {
    case AnnotateTool::Mode::Select: {
        QPolygonF arrow({{5, 3}, {5, 18}, {9, 14}, {12, 20}, {14, 19}, {11, 13}, {16, 13}});
        p.setBrush(Qt::white);
        p.drawPolygon(arrow);
        break;
    }
    case AnnotateTool::Mode::Text: {
        QFont f;
        f.setPixelSize(17);
        f.setBold(true);
        p.setFont(f);
        p.drawText(QRectF(0, 0, 22, 22), Qt::AlignCenter, QStringLiteral("T"));
        break;
    }
    case AnnotateTool::Mode::Arrow:
        p.drawLine(QPointF(4, 18), QPointF(17, 5));
        p.setBrush(ink);
        p.drawPolygon(QPolygonF({{18, 4}, {11, 6}, {16, 11}}));
        break;
    case AnnotateTool::Mode::Line:
        p.drawPolyline(QPolygonF({{3, 17}, {9, 7}, {14, 14}, {19, 5}}));
        break;
    case AnnotateTool::Mode::Polygon:
        p.setBrush(QColor(0x1f, 0x4e, 0x9a, 60));
        p.drawPolygon(QPolygonF({{4, 16}, {7, 5}, {17, 4}, {19, 14}, {11, 19}}));
        break;
    case AnnotateTool::Mode::Circle:
        p.setBrush(QColor(0x1f, 0x4e, 0x9a, 60));
        p.drawEllipse(QPointF(11, 11), 8, 8);
        p.drawPoint(QPointF(11, 11));
        break;
    }
    return QIcon(pm);
}

} // namespace

AnnotationToolBar::AnnotationToolBar(MapCanvas *canvas, QUndoStack *undoStack,
                                     std::function<AnnotationLayer *(bool)> layer, QWidget *parent)
    : QToolBar(tr("Annotate"), parent), mCanvas(canvas), mLayer(layer)
{
    setObjectName(QStringLiteral("annotate-toolbar"));
    setIconSize(QSize(22, 22));
    mTool = new AnnotateTool(canvas, undoStack, std::move(layer));

    mModes = new QActionGroup(this);
    mModes->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    const struct
    {
        AnnotateTool::Mode mode;
        QString name, objectName, tip;
    } modes[] = {
        {AnnotateTool::Mode::Select, tr("Select Annotation"), QStringLiteral("annotateSelect"),
         tr("Select, drag (move) and delete (Del) annotations")},
        {AnnotateTool::Mode::Text, tr("Text Label"), QStringLiteral("annotateText"), tr("Place a text label")},
        {AnnotateTool::Mode::Arrow, tr("Arrow"), QStringLiteral("annotateArrow"), tr("Draw an arrow: press at the tail, release at the head")},
        {AnnotateTool::Mode::Line, tr("Line"), QStringLiteral("annotateLine"), tr("Draw a line (geodesic segments); double-click to finish")},
        {AnnotateTool::Mode::Polygon, tr("Polygon"), QStringLiteral("annotatePolygon"), tr("Draw a polygon (geodesic edges); double-click to finish")},
        {AnnotateTool::Mode::Circle, tr("Circle"), QStringLiteral("annotateCircle"),
         tr("Draw a geodesic circle on WGS84: press at the centre, release on the rim")},
    };
    for (const auto &m : modes) {
        QAction *a = addAction(modeIcon(m.mode), m.name);
        a->setObjectName(m.objectName);
        a->setToolTip(m.tip);
        a->setStatusTip(m.tip);
        a->setCheckable(true);
        a->setData(int(m.mode));
        mModes->addAction(a);
    }
    connect(mModes, &QActionGroup::triggered, this, [this](QAction *a) { modeTriggered(a, a->isChecked()); });
    connect(mTool, &MapTool::finished, this, [this] {
        if (QAction *a = mModes->checkedAction())
            a->setChecked(false);
        if (mCanvas->tool() == mTool)
            mCanvas->setTool(nullptr);
    });

    addSeparator();
    mColour = new QToolButton(this);
    mColour->setObjectName(QStringLiteral("annotationColour"));
    mColour->setToolTip(tr("Colour of new or selected annotations"));
    connect(mColour, &QToolButton::clicked, this, [this] {
        const QColor c = QColorDialog::getColor(mCurrentColour, this, tr("Annotation colour"));
        if (c.isValid()) {
            setColourButton(c);
            styleEdited();
        }
    });
    addWidget(mColour);
    mWidth = new QDoubleSpinBox(this);
    mWidth->setObjectName(QStringLiteral("annotationWidth"));
    mWidth->setRange(0.5, 12);
    mWidth->setSingleStep(0.5);
    mWidth->setDecimals(1);
    mWidth->setSuffix(tr(" pt"));
    mWidth->setToolTip(tr("Line width of new or selected annotations [pt]"));
    addWidget(mWidth);
    mFont = new QSpinBox(this);
    mFont->setObjectName(QStringLiteral("annotationFont"));
    mFont->setRange(6, 48);
    mFont->setSuffix(tr(" pt"));
    mFont->setToolTip(tr("Font size of new or selected annotations [pt]"));
    addWidget(mFont);

    const AnnotationStyle s = mTool->style();
    setColourButton(s.colour);
    mWidth->setValue(s.widthPt);
    mFont->setValue(int(s.fontPt));
    connect(mWidth, &QDoubleSpinBox::valueChanged, this, &AnnotationToolBar::styleEdited);
    connect(mFont, &QSpinBox::valueChanged, this, &AnnotationToolBar::styleEdited);
    connect(mTool, &AnnotateTool::selectionChanged, this, &AnnotationToolBar::showStyleOf);
}

QAction *AnnotationToolBar::action(AnnotateTool::Mode mode) const
{
    for (QAction *a : mModes->actions())
        if (a->data().toInt() == int(mode))
            return a;
    return nullptr;
}

void AnnotationToolBar::modeTriggered(QAction *action, bool checked)
{
    if (!checked) {
        if (mCanvas->tool() == mTool)
            mCanvas->setTool(nullptr);
        return;
    }
    mCanvas->setTool(mTool);
    mTool->setMode(AnnotateTool::Mode(action->data().toInt()));
    mCanvas->setFocus();
}

void AnnotationToolBar::styleEdited()
{
    if (mShowingSelection)
        return;
    AnnotationStyle s;
    s.colour = mCurrentColour;
    s.widthPt = mWidth->value();
    s.fontPt = mFont->value();
    mTool->setStyle(s);
}

void AnnotationToolBar::showStyleOf(const QUuid &selected)
{
    AnnotationLayer *layer = mLayer(false);
    const Annotation *a = layer && !selected.isNull() ? layer->find(selected) : nullptr;
    if (!a)
        return;
    // Show the selection's style without restyling it.
    mShowingSelection = true;
    setColourButton(a->colour);
    mWidth->setValue(a->widthPt);
    mFont->setValue(int(std::lround(a->fontPt)));
    mShowingSelection = false;
}

void AnnotationToolBar::setColourButton(const QColor &colour)
{
    mCurrentColour = colour;
    QPixmap pm(18, 18);
    pm.fill(colour);
    mColour->setIcon(QIcon(pm));
}

} // namespace linewatch
