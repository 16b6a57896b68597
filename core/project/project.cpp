#include "project/project.h"

#include "common/atomic_file.h"
#include "project/layer_request.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace linewatch {

namespace {
const QString kFormat = QStringLiteral("linewatch-project");
constexpr int kVersion = 1;
constexpr qint64 kMaxProjectBytes = 64 * 1024 * 1024;
} // namespace

Result<Project> Project::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error{QStringLiteral("file not found"), path};
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read: %1").arg(file.errorString()), path};
    if (file.size() > kMaxProjectBytes)
        return Error{QStringLiteral("project file too large (%1 MB)").arg(file.size() / 1e6, 0, 'f', 1), path};
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{QStringLiteral("not a valid project file: %1 at byte %2")
                         .arg(parseError.errorString())
                         .arg(parseError.offset),
                     path};
    if (!doc.isObject())
        return Error{QStringLiteral("not a valid project file: expected a JSON object"), path};
    auto project = fromJson(doc.object(), path);
    if (project.ok()) {
        project->filePath = QFileInfo(path).absoluteFilePath();
        project->fileSha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    }
    return project;
}

Result<Project> Project::fromJson(const QJsonObject &json, const QString &where)
{
    if (json.value(QLatin1String("format")).toString() != kFormat)
        return Error{QStringLiteral("not a Linewatch project (\"format\" is not \"%1\")").arg(kFormat), where};
    const int version = json.value(QLatin1String("version")).toInt(0);
    if (version < 1 || version > kVersion)
        return Error{QStringLiteral("project version %1 is not supported (this Linewatch reads version %2)")
                         .arg(version)
                         .arg(kVersion),
                     where};
    Project p;
    p.title = json.value(QLatin1String("title")).toString();
    p.crs = json.value(QLatin1String("crs")).toString(p.crs);
    const QJsonObject view = json.value(QLatin1String("view")).toObject();
    const QJsonArray center = view.value(QLatin1String("center")).toArray();
    if (center.size() == 2) {
        const LonLat c{center[0].toDouble(NAN), center[1].toDouble(NAN)};
        if (!c.isValid() || std::abs(c.lon) > 180)
            return Error{QStringLiteral("view centre [%1, %2] is not a valid longitude, latitude")
                             .arg(c.lon)
                             .arg(c.lat),
                         where};
        p.viewCenter = c;
    }
    const double scale = view.value(QLatin1String("scale")).toDouble(p.viewScale);
    if (!(scale >= 1 && scale <= 1e9))
        return Error{QStringLiteral("view scale %1 is out of range").arg(scale), where};
    p.viewScale = scale;

    const QJsonArray layers = json.value(QLatin1String("layers")).toArray();
    int n = 0;
    for (const QJsonValue &v : layers) {
        ++n;
        const QJsonObject o = v.toObject();
        ProjectLayer l;
        l.path = o.value(QLatin1String("path")).toString();
        l.localTerrainFolder = o.value(QLatin1String("local_terrain_folder")).toString();
        l.type = o.value(QLatin1String("type")).toString();
        l.linesPath = o.value(QLatin1String("lines")).toString();
        if (!l.type.isEmpty() && l.type != QLatin1String("lines") && l.type != QLatin1String("claims"))
            return Error{QStringLiteral("layer %1: unknown type \"%2\" (expected lines or claims)").arg(n).arg(l.type), where};
        l.name = o.value(QLatin1String("name")).toString();
        l.visible = o.value(QLatin1String("visible")).toBool(true);
        l.opacity = o.value(QLatin1String("opacity")).toDouble(1.0);
        l.inLocator = o.value(QLatin1String("locator")).toBool(false);
        l.attribution = o.value(QLatin1String("attribution")).toString();
        l.style = o.value(QLatin1String("style")).toObject();
        if (l.path.isEmpty() && l.localTerrainFolder.isEmpty())
            return Error{QStringLiteral("layer %1 has no \"path\"").arg(n), where};
        if (!(l.opacity >= 0 && l.opacity <= 1))
            return Error{QStringLiteral("layer %1: opacity %2 is not in [0, 1]").arg(n).arg(l.opacity), where};
        p.layers << l;
    }

    if (json.contains(QLatin1String("annotations"))) {
        const QJsonObject a = json.value(QLatin1String("annotations")).toObject();
        p.hasAnnotationLayer = true;
        p.annotationsName = a.value(QLatin1String("name")).toString();
        p.annotationsVisible = a.value(QLatin1String("visible")).toBool(true);
        p.annotationsOpacity = std::clamp(a.value(QLatin1String("opacity")).toDouble(1.0), 0.0, 1.0);
        p.annotationsPosition = std::max(0, a.value(QLatin1String("position")).toInt(0));
        const QJsonArray items = a.value(QLatin1String("items")).toArray();
        for (int i = 0; i < items.size(); ++i) {
            auto annotation = Annotation::fromJson(items[i].toObject());
            if (!annotation.ok())
                return Error{QStringLiteral("annotations item %1: %2").arg(i + 1).arg(annotation.error().message), where};
            p.annotations.push_back(annotation.value());
        }
    }
    p.claimEdits = json.value(QLatin1String("claim_edits")).toObject();
    // Only a hex SHA-256 is kept: anything else is treated as "not stated".
    auto digest = [&json](const char *key) {
        static const QRegularExpression kSha256Hex(QStringLiteral("^[0-9a-f]{64}$"));
        const QString hex = json.value(QLatin1String(key)).toObject().value(QLatin1String("sha256")).toString();
        return kSha256Hex.match(hex).hasMatch() ? hex.toLatin1() : QByteArray();
    };
    p.supersedesSha256 = digest("supersedes");
    p.autosaveOf = digest("autosave_of");
    return p;
}

QJsonObject Project::toJson() const
{
    QJsonArray layers;
    for (const ProjectLayer &l : this->layers) {
        QJsonObject o;
        o.insert(QLatin1String("path"), l.path);
        if (!l.localTerrainFolder.isEmpty())
            o.insert(QLatin1String("local_terrain_folder"), l.localTerrainFolder);
        if (!l.type.isEmpty())
            o.insert(QLatin1String("type"), l.type);
        if (!l.linesPath.isEmpty())
            o.insert(QLatin1String("lines"), l.linesPath);
        o.insert(QLatin1String("name"), l.name);
        o.insert(QLatin1String("visible"), l.visible);
        o.insert(QLatin1String("opacity"), l.opacity);
        if (l.inLocator)
            o.insert(QLatin1String("locator"), true);
        if (!l.attribution.isEmpty())
            o.insert(QLatin1String("attribution"), l.attribution);
        if (!l.style.isEmpty())
            o.insert(QLatin1String("style"), l.style);
        layers.append(o);
    }
    QJsonObject view;
    view.insert(QLatin1String("center"), QJsonArray{viewCenter.lon, viewCenter.lat});
    view.insert(QLatin1String("scale"), viewScale);
    QJsonObject json;
    json.insert(QLatin1String("format"), kFormat);
    json.insert(QLatin1String("version"), kVersion);
    json.insert(QLatin1String("title"), title);
    json.insert(QLatin1String("crs"), crs);
    json.insert(QLatin1String("view"), view);
    json.insert(QLatin1String("layers"), layers);
    if (hasAnnotationLayer || !annotations.empty()) {
        QJsonArray items;
        for (const Annotation &a : annotations)
            items.append(a.toJson());
        QJsonObject a;
        if (!annotationsName.isEmpty())
            a.insert(QLatin1String("name"), annotationsName);
        a.insert(QLatin1String("visible"), annotationsVisible);
        a.insert(QLatin1String("opacity"), annotationsOpacity);
        a.insert(QLatin1String("position"), annotationsPosition);
        a.insert(QLatin1String("items"), items);
        json.insert(QLatin1String("annotations"), a);
    }
    if (!claimEdits.isEmpty())
        json.insert(QLatin1String("claim_edits"), claimEdits);
    if (!supersedesSha256.isEmpty())
        json.insert(QLatin1String("supersedes"), QJsonObject{{QLatin1String("sha256"), QString::fromLatin1(supersedesSha256)}});
    if (!autosaveOf.isEmpty())
        json.insert(QLatin1String("autosave_of"), QJsonObject{{QLatin1String("sha256"), QString::fromLatin1(autosaveOf)}});
    return json;
}

QByteArray Project::sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxProjectBytes)
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result().toHex();
}

Status Project::save(const QString &path, QByteArray *writtenSha256) const
{
    // Paths are stored relative to the new location so the folder can move.
    Project copy = *this;
    const QDir newDir = QFileInfo(path).absoluteDir();
    for (ProjectLayer &l : copy.layers) {
        if (!l.path.isEmpty() && !l.path.contains(QLatin1String("://")) && !l.path.startsWith(QLatin1String("/vsi")))
            l.path = newDir.relativeFilePath(resolve(l.path));
        if (!l.localTerrainFolder.isEmpty())
            l.localTerrainFolder = newDir.relativeFilePath(resolve(l.localTerrainFolder));
        if (!l.linesPath.isEmpty())
            l.linesPath = newDir.relativeFilePath(resolve(l.linesPath));
    }
    // The file this save replaces: recorded so that the new bytes differ
    // even when nothing else changed, and so that an autosave of work made on
    // that file is known to be older than this save (Autosave::isRecoverable).
    copy.supersedesSha256 = fileSha256;
    const QByteArray bytes = QJsonDocument(copy.toJson()).toJson(QJsonDocument::Indented);
    const Status saved = AtomicFile::save(path, bytes);
    if (writtenSha256) {
        const QByteArray digest = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        // A failure after the rename (the folder's sync) leaves the new bytes in place.
        *writtenSha256 = saved.ok() || sha256OfFile(path) == digest ? digest : QByteArray();
    }
    return saved;
}

QList<LayerRequest> Project::layerRequests() const
{
    QList<LayerRequest> requests;
    for (const ProjectLayer &pl : layers) {
        LayerRequest r;
        r.path = resolve(pl.path);
        r.localTerrainFolder = pl.localTerrainFolder.isEmpty() ? QString() : resolve(pl.localTerrainFolder);
        r.type = pl.type;
        r.linesPath = pl.linesPath.isEmpty() ? QString() : resolve(pl.linesPath);
        r.name = pl.name;
        r.visible = pl.visible;
        r.opacity = pl.opacity;
        r.inLocator = pl.inLocator;
        r.attribution = pl.attribution;
        r.style = pl.style;
        r.referrer = filePath;
        requests << r;
    }
    return requests;
}

QStringList Project::missingFiles() const
{
    QStringList missing;
    auto isLocal = [](const QString &p) {
        return !p.isEmpty() && !p.contains(QLatin1String("://")) && !p.startsWith(QLatin1String("/vsi"));
    };
    for (const ProjectLayer &l : layers) {
        const bool folderThere = !l.localTerrainFolder.isEmpty() && QFileInfo::exists(resolve(l.localTerrainFolder));
        if (isLocal(l.path) && !folderThere && !QFileInfo::exists(resolve(l.path)))
            missing << resolve(l.path);
        if (isLocal(l.linesPath) && !QFileInfo::exists(resolve(l.linesPath)))
            missing << resolve(l.linesPath);
    }
    missing.removeDuplicates();
    return missing;
}

QString Project::resolve(const QString &p) const
{
    if (p.isEmpty() || p.contains(QLatin1String("://")) || p.startsWith(QLatin1String("/vsi")))
        return p;
    // A leading ':' is Qt's resource syntax, which QFileInfo counts as
    // absolute; in a project it is a file name like any other (found by
    // fuzz_autosave_journal: ":terrain/../.." came back as "..", relative to
    // the working folder).
    if (QFileInfo(p).isAbsolute() && !p.startsWith(QLatin1Char(':')))
        return QDir::cleanPath(p);
    const QString base = filePath.isEmpty() ? QDir::currentPath() : QFileInfo(filePath).absolutePath();
    return QDir::cleanPath(base + QLatin1Char('/') + p);
}

} // namespace linewatch
