// A scripted analyst for the kill -9 test (tests/test_crash_recovery.cpp,
// issue 6): the real MainWindow, offscreen, opening a project (or restoring
// its autosave, as the viewer does after a crash), then editing it at random
// through the window's undo stack with the commands the tools push
// (AddAnnotationCommand, MoveAnnotationCommand, RestyleAnnotationCommand,
// RemoveAnnotationCommand, ClaimEditCommand, undo) and saving the project
// every second or so with MainWindow::saveProject. So the Autosave, its
// wiring to the undo stack and the saves are exactly the viewer's; only this
// main() differs from app/main.cpp.
//
// Why not the `linewatch` executable itself: scripted editing would need a
// test hook in the shipped binary, and the window's start-up is the same
// either way (measured in the test's report); test_annotate_tool's
// killedSessionIsRecovered kills the real executable.
//
// Every event is one JSON line on stdout, written with one write() after the
// edit is applied (the edit and its line happen in one event-loop callback,
// so no autosave or save can hold an edit whose line was not written):
//   {"e":"start","t":us}                         process running
//   {"e":"ready","t":us,"recovered":b,"state":S} loaded; S = {"annotations":[...],"claims":[...]}
//   {"e":"edit","n":k,"t":us,"op":...}           op add(index,item) | set(item) | remove(id) | claim(index,feature)
//   {"e":"save-begin","t":us} / {"e":"saved","t":us,"ok":b}
//   {"e":"autosaved","t":us}
// t is std::chrono::steady_clock (CLOCK_MONOTONIC) in microseconds, the
// clock the test reads when it kills.
//
// Usage: linewatch_scripted_editor --seed=N [--edit-ms=100] [--save-ms=1000 (0: never)] PROJECT

#include "main_window.h"

#include "project/annotation_commands.h"
#include "render/annotation_layer.h"
#include "claim_commands.h"
#include "claims/claim_set.h"
#include "render/claims_layer.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "project/autosave.h"
#include "render/layer_stack.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <unistd.h>

using namespace linewatch;

namespace {

qint64 nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// One line, one write(2): a kill never leaves half a line followed by more output.
void emitLine(QJsonObject o)
{
    o.insert(QStringLiteral("t"), double(nowUs()));
    QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    line.append('\n');
    qsizetype done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, line.constData() + done, size_t(line.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

ClaimsLayer *claimsLayerOf(MainWindow &window)
{
    for (Layer *l : window.layers()->layers())
        if (auto *c = qobject_cast<ClaimsLayer *>(l))
            return c;
    return nullptr;
}

QJsonObject stateOf(MainWindow &window)
{
    QJsonArray annotations;
    for (const Annotation &a : window.annotations()->annotations())
        annotations.append(a.toJson());
    const ClaimsLayer *claims = claimsLayerOf(window);
    return {{QStringLiteral("annotations"), annotations},
            {QStringLiteral("claims"), claims ? claims->toJson() : QJsonArray()}};
}

/// The random analyst. Each step is one undoable edit (or an undo of the
/// last edit this editor made), reported with its effect on the state.
class Editor
{
public:
    Editor(MainWindow &window, quint64 seed) : mWindow(window), mRandom(seed) {}

    void step();

private:
    enum class Did { AddAnnotation, ChangeAnnotation, RemoveAnnotation, ClaimEdit };
    struct Done
    {
        Did what;
        QUuid id;       ///< the annotation
        int claimIndex; ///< the claim
    };

    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(mRandom); }
    int index(int n) { return std::uniform_int_distribution<int>(0, n - 1)(mRandom); }
    LonLat somewhere() { return {uniform(46.50, 46.80), uniform(39.60, 39.80)}; }
    void report(QJsonObject op)
    {
        op.insert(QStringLiteral("e"), QStringLiteral("edit"));
        op.insert(QStringLiteral("n"), ++mEdits);
        emitLine(op);
    }
    void reportAnnotation(const QUuid &id)
    {
        AnnotationLayer *layer = mWindow.annotations();
        if (const Annotation *a = layer->find(id))
            report({{QStringLiteral("op"), QStringLiteral("set")}, {QStringLiteral("item"), a->toJson()}});
    }
    void reportClaim(int i)
    {
        const ClaimsLayer *claims = claimsLayerOf(mWindow);
        report({{QStringLiteral("op"), QStringLiteral("claim")},
                {QStringLiteral("index"), i},
                {QStringLiteral("feature"), claims->toJson().at(i)}});
    }

    void add();
    void move();
    void restyle();
    void remove();
    void editClaim();
    void undo();

    MainWindow &mWindow;
    std::mt19937_64 mRandom;
    std::vector<Done> mDone; ///< this session's commands on the undo stack, oldest first
    int mEdits = 0;
};

void Editor::step()
{
    const int count = mWindow.annotations()->count();
    const double r = uniform(0, 1);
    if (count == 0 || (r < 0.35 && count < 40))
        add();
    else if (r < 0.55)
        move();
    else if (r < 0.60)
        restyle();
    else if (r < 0.72 || count >= 40)
        remove();
    else if (r < 0.88 && claimsLayerOf(mWindow) && claimsLayerOf(mWindow)->count() > 0)
        editClaim();
    else if (!mDone.empty())
        undo();
    else
        add();
}

void Editor::add()
{
    Annotation a;
    const int kind = index(4);
    const LonLat p = somewhere();
    if (kind == 0) {
        a.kind = Annotation::Kind::Text;
        a.points = {p};
        a.text = QStringLiteral("edit %1").arg(mEdits + 1);
    } else if (kind == 1) {
        a.kind = Annotation::Kind::Circle;
        a.points = {p};
        a.radiusM = std::round(uniform(500, 3000));
    } else {
        a.kind = kind == 2 ? Annotation::Kind::Line : Annotation::Kind::Arrow;
        a.points = {p, {p.lon + uniform(-0.05, 0.05), p.lat + uniform(-0.05, 0.05)}};
    }
    AnnotationLayer *layer = mWindow.annotations();
    mWindow.undoStack()->push(new AddAnnotationCommand(layer, a));
    mDone.push_back({Did::AddAnnotation, a.id, -1});
    const int at = layer->indexOf(a.id);
    report({{QStringLiteral("op"), QStringLiteral("add")},
            {QStringLiteral("index"), at},
            {QStringLiteral("item"), layer->annotations().at(std::size_t(at)).toJson()}});
}

void Editor::move()
{
    AnnotationLayer *layer = mWindow.annotations();
    const Annotation a = layer->annotations().at(std::size_t(index(layer->count())));
    const LonLat drop = somewhere();
    std::vector<LonLat> to = displacedPoints(a.points, a.points.front(), drop);
    mWindow.undoStack()->push(new MoveAnnotationCommand(layer, a.id, a.points, std::move(to)));
    mDone.push_back({Did::ChangeAnnotation, a.id, -1});
    reportAnnotation(a.id);
}

void Editor::restyle()
{
    AnnotationLayer *layer = mWindow.annotations();
    const Annotation a = layer->annotations().at(std::size_t(index(layer->count())));
    AnnotationStyle style = AnnotationStyle::of(a);
    style.colour = QColor::fromRgb(quint32(std::uniform_int_distribution<quint32>(0, 0xffffff)(mRandom)));
    style.widthPt = 0.5 + index(8) * 0.5;
    mWindow.undoStack()->push(new RestyleAnnotationCommand(layer, a.id, style));
    mDone.push_back({Did::ChangeAnnotation, a.id, -1});
    reportAnnotation(a.id);
}

void Editor::remove()
{
    AnnotationLayer *layer = mWindow.annotations();
    const QUuid id = layer->annotations().at(std::size_t(index(layer->count()))).id;
    mWindow.undoStack()->push(new RemoveAnnotationCommand(layer, id));
    mDone.push_back({Did::RemoveAnnotation, id, -1});
    report({{QStringLiteral("op"), QStringLiteral("remove")}, {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)}});
}

void Editor::editClaim()
{
    // What the claim dialog does: the analyst rewords the claim and changes
    // its uncertainty; the layer re-checks it.
    ClaimsLayer *claims = claimsLayerOf(mWindow);
    const int i = index(claims->count());
    const Claim before = claims->claims()->claims().at(std::size_t(i));
    Claim after = before;
    after.text = QStringLiteral("edit %1: %2").arg(mEdits + 1).arg(before.text.left(40));
    after.uncertaintyM = std::round(uniform(100, 2000));
    mWindow.undoStack()->push(new ClaimEditCommand(claims, before, after, i));
    mDone.push_back({Did::ClaimEdit, {}, i});
    reportClaim(i);
}

void Editor::undo()
{
    const Done last = mDone.back();
    mDone.pop_back();
    mWindow.undoStack()->undo();
    switch (last.what) {
    case Did::AddAnnotation:
        report({{QStringLiteral("op"), QStringLiteral("remove")}, {QStringLiteral("id"), last.id.toString(QUuid::WithoutBraces)}});
        break;
    case Did::RemoveAnnotation: {
        AnnotationLayer *layer = mWindow.annotations();
        const int at = layer->indexOf(last.id);
        report({{QStringLiteral("op"), QStringLiteral("add")},
                {QStringLiteral("index"), at},
                {QStringLiteral("item"), at < 0 ? QJsonValue() : QJsonValue(layer->annotations().at(std::size_t(at)).toJson())}});
        break;
    }
    case Did::ChangeAnnotation: reportAnnotation(last.id); break;
    case Did::ClaimEdit: reportClaim(last.claimIndex); break;
    }
}

} // namespace

int main(int argc, char **argv)
{
    emitLine({{QStringLiteral("e"), QStringLiteral("start")}});
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Linewatch"));
    QApplication::setOrganizationName(QStringLiteral("Linewatch"));

    QCommandLineParser parser;
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption editOption(QStringLiteral("edit-ms"), QStringLiteral("Mean time between edits."), QStringLiteral("ms"), QStringLiteral("100"));
    const QCommandLineOption saveOption(QStringLiteral("save-ms"), QStringLiteral("Mean time between saves (0: never)."), QStringLiteral("ms"), QStringLiteral("1000"));
    parser.addOptions({seedOption, editOption, saveOption});
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The .lwproj to edit."));
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "usage: linewatch_scripted_editor --seed=N [--edit-ms=100] [--save-ms=1000] PROJECT\n");
        return 2;
    }
    const QString project = parser.positionalArguments().first();
    const quint64 seed = parser.value(seedOption).toULongLong();
    const int editMs = std::max(1, parser.value(editOption).toInt());
    const int saveMs = parser.value(saveOption).toInt(); // 0: never

    GdalEnvironment::initialise();
    MainWindow window;
    window.show();
    QObject::connect(window.autosave(), &Autosave::written, &window,
                     [] { emitLine({{QStringLiteral("e"), QStringLiteral("autosaved")}}); });

    Editor editor(window, seed);
    std::mt19937_64 timing(seed ^ 0x9e3779b97f4a7c15ULL);
    auto jitter = [&timing](int meanMs) { return std::uniform_int_distribution<int>(meanMs / 2, meanMs * 3 / 2)(timing); };
    QTimer edits, saves;
    edits.setSingleShot(true);
    saves.setSingleShot(true);
    QObject::connect(&edits, &QTimer::timeout, &window, [&] {
        editor.step();
        edits.start(jitter(editMs));
    });
    QObject::connect(&saves, &QTimer::timeout, &window, [&] {
        emitLine({{QStringLiteral("e"), QStringLiteral("save-begin")}});
        const bool ok = window.saveProject(project);
        emitLine({{QStringLiteral("e"), QStringLiteral("saved")}, {QStringLiteral("ok"), ok}});
        saves.start(jitter(saveMs));
    });

    // As app/main.cpp: restore the autosave when there is one, else open the project.
    QTimer::singleShot(0, &window, [&] {
        const bool recovered = window.recoverAutosave(project, MainWindow::Recovery::Yes);
        if (!recovered)
            window.openProject(project);
        auto *poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&, poll, recovered] {
            if (window.loader()->isRunning())
                return;
            poll->stop();
            emitLine({{QStringLiteral("e"), QStringLiteral("ready")},
                      {QStringLiteral("recovered"), recovered},
                      {QStringLiteral("state"), stateOf(window)}});
            edits.start(jitter(editMs));
            if (saveMs > 0)
                saves.start(jitter(saveMs));
        });
        poll->start(10);
    });
    return app.exec();
}
