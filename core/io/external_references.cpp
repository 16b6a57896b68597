#include "io/external_references.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QXmlStreamReader>

#include <cpl_string.h>
#include <cpl_vsi.h>

namespace linewatch {

namespace {

using Kind = ExternalReference::Kind;

bool startsWithCi(const QString &s, const char *prefix) { return s.startsWith(QLatin1String(prefix), Qt::CaseInsensitive); }

bool isUrl(const QString &s)
{
    static const char *schemes[] = {"http://", "https://", "ftp://", "ftps://", "file://", "s3://", "gs://", "wms:", "wmts:"};
    for (const char *scheme : schemes)
        if (startsWithCi(s, scheme))
            return true;
    return false;
}

QString hostOfUrl(const QString &url)
{
    QString u = url;
    if (startsWithCi(u, "wms:") || startsWithCi(u, "wmts:"))
        u = u.mid(u.indexOf(QLatin1Char(':')) + 1);
    // Placeholders such as ${z} are not valid in a URL; the host is before them.
    return QUrl(u.left(u.indexOf(QLatin1Char('$')) < 0 ? u.size() : u.indexOf(QLatin1Char('$')))).host().toLower();
}

/// The canonical form of a local path even when it (or its tail) does not
/// exist: the longest existing ancestor is canonicalised (symlinks resolved),
/// the rest appended.
QString canonicalLocal(const QString &absolute)
{
    QString path = QDir::cleanPath(absolute);
    QString tail;
    while (!path.isEmpty()) {
        const QFileInfo info(path);
        if (info.exists()) {
            const QString canonical = info.canonicalFilePath();
            return tail.isEmpty() ? canonical : QDir::cleanPath(canonical + QLatin1Char('/') + tail);
        }
        const int slash = path.lastIndexOf(QLatin1Char('/'));
        if (slash <= 0)
            break;
        tail = tail.isEmpty() ? path.mid(slash + 1) : path.mid(slash + 1) + QLatin1Char('/') + tail;
        path = path.left(slash);
    }
    return QDir::cleanPath(absolute);
}

bool insideFolder(const QString &target, const QString &folder)
{
    const QString f = canonicalLocal(QFileInfo(folder).absoluteFilePath());
    const QString t = canonicalLocal(QFileInfo(target).absoluteFilePath());
    return t == f || t.startsWith(f.endsWith(QLatin1Char('/')) ? f : f + QLatin1Char('/'));
}

/// The archive inside "/vsizip/..." style paths: the longest leading part that
/// is an existing file ("{...}" quoting supported).
QString archiveOf(const QString &rest)
{
    if (rest.startsWith(QLatin1Char('{'))) {
        const int close = rest.indexOf(QLatin1Char('}'));
        return close > 0 ? rest.mid(1, close - 1) : rest.mid(1);
    }
    int from = 1;
    while (true) {
        const int slash = rest.indexOf(QLatin1Char('/'), from);
        const QString candidate = slash < 0 ? rest : rest.left(slash);
        if (QFileInfo(candidate).isFile())
            return candidate;
        if (slash < 0)
            return rest;
        from = slash + 1;
    }
}

/// A KMZ member's bytes, read through GDAL's virtual file system (bytes
/// only, no driver is involved), refused above maxBytes uncompressed.
QByteArray readBounded(const QString &path, qint64 maxBytes, Error *error)
{
    VSIStatBufL st;
    if (VSIStatL(path.toUtf8().constData(), &st) != 0) {
        *error = Error{QStringLiteral("cannot read"), path};
        return {};
    }
    if (st.st_size > maxBytes) {
        *error = Error{QStringLiteral("is %1 bytes uncompressed, more than Linewatch scans (%2); refused")
                           .arg(st.st_size)
                           .arg(maxBytes),
                       path};
        return {};
    }
    VSILFILE *f = VSIFOpenL(path.toUtf8().constData(), "rb");
    if (!f) {
        *error = Error{QStringLiteral("cannot read"), path};
        return {};
    }
    QByteArray bytes(static_cast<qsizetype>(st.st_size), Qt::Uninitialized);
    const size_t got = VSIFReadL(bytes.data(), 1, bytes.size(), f);
    VSIFCloseL(f);
    bytes.truncate(static_cast<qsizetype>(got));
    return bytes;
}

/// Where the XML GDAL would parse starts in the file, or -1 when it is not
/// XML. GDAL's XML drivers look for their root element anywhere in the first
/// KiB (VRT: "<VRTDataset", WMS: "<GDAL_WMS", ...), so a file whose first
/// character is not '<' is still scanned from such a marker on; JSON
/// (GeoJSON, TopoJSON) is never XML.
qint64 xmlStart(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    QByteArray head = file.read(4096);
    qint64 bom = 0;
    if (head.startsWith("\xEF\xBB\xBF")) {
        head.remove(0, 3);
        bom = 3;
    }
    const QByteArray trimmed = head.trimmed();
    if (trimmed.startsWith('<'))
        return bom + head.indexOf('<');
    if (trimmed.startsWith('{') || trimmed.startsWith('['))
        return -1;
    static const char *markers[] = {"<VRTDataset", "<OGRVRTDataSource", "<GDAL_WMS", "<GDAL_WMTS", "<WMS_Capabilities",
                                    "<WMT_MS_Capabilities", "<Capabilities", "<TileMap", "<Services", "<kml", "<?xml"};
    qint64 first = -1;
    for (const char *marker : markers) {
        const qsizetype at = head.indexOf(marker);
        if (at >= 0 && (first < 0 || at < first))
            first = at;
    }
    return first < 0 ? -1 : bom + first;
}

bool isVrtFile(const QString &path)
{
    if (path.endsWith(QLatin1String(".vrt"), Qt::CaseInsensitive))
        return true;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(1024).contains("<VRTDataset");
}

class Scanner
{
public:
    Scanner(const QString &allowedFolder, const ExternalReferences::Limits &limits)
        : mFolder(allowedFolder), mLimits(limits)
    {
    }

    QList<ExternalReference> references;

    /// Scans one file (the opened one or a nested VRT); `chain` holds the VRTs
    /// being scanned, for loop detection.
    Status scanFile(const QString &path, QStringList chain)
    {
        const QString canonical = canonicalLocal(QFileInfo(path).absoluteFilePath());
        if (chain.contains(canonical)) {
            QStringList names;
            for (const QString &c : chain)
                names << QFileInfo(c).fileName();
            names << QFileInfo(canonical).fileName();
            return Error{QStringLiteral("VRT sources form a loop (%1); refused").arg(names.join(QStringLiteral(" → "))),
                         chain.first()};
        }
        if (chain.size() > mLimits.maxNesting)
            return Error{QStringLiteral("VRTs nested more than %1 deep; refused").arg(mLimits.maxNesting),
                         chain.first()};
        chain << canonical;

        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix == QLatin1String("kmz"))
            return scanKmz(path);
        const qint64 start = xmlStart(path);
        if (start < 0)
            return Ok{};
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("cannot read: %1").arg(file.errorString()), path};
        if (file.size() > mLimits.maxXmlBytes)
            return Error{QStringLiteral("is %1 bytes, more than Linewatch reads as an XML description (%2); refused")
                             .arg(file.size())
                             .arg(mLimits.maxXmlBytes),
                         path};
        file.seek(start);
        // Streamed from the file: memory stays bounded whatever its size.
        QXmlStreamReader xml(&file);
        return scanXml(xml, path, chain);
    }

private:
    QString mFolder;
    ExternalReferences::Limits mLimits;

    void add(Kind kind, const QString &target, const QString &referrer, const QString &reason, const QString &host)
    {
        ExternalReference r{kind, target, referrer, reason, host};
        if (!references.contains(r))
            references.append(r);
    }

    /// Resolves a reference as GDAL would and records it when it leaves the
    /// folder; returns the resolved local path when it stays inside ("" otherwise).
    QString check(const QString &raw, const QString &referrer, bool relativeToReferrer, const QString &reason)
    {
        QString target = raw.trimmed();
        if (target.isEmpty())
            return {};
        const bool special = target.startsWith(QLatin1String("/vsi")) || isUrl(target)
                             || startsWithCi(target, "vrt://");
        if (!special && QDir::isRelativePath(target))
            target = relativeToReferrer ? QFileInfo(referrer).absoluteDir().filePath(target)
                                        : QDir::current().filePath(target); // GDAL: relative to the working folder
        if (!special)
            target = QDir::cleanPath(target);
        Kind kind = Kind::LocalFile;
        QString host;
        if (ExternalReferences::isExternal(target, mFolder, &kind, &host)) {
            add(kind, target, referrer, reason, host);
            return {};
        }
        return special ? QString() : target;
    }

    Status scanXml(QXmlStreamReader &xml, const QString &path, const QStringList &chain)
    {
        bool vrt = false, kml = false;
        QStringList stack;
        bool relativeToVrt = false;
        while (!xml.atEnd()) {
            const auto token = xml.readNext();
            if (token == QXmlStreamReader::StartElement) {
                if (stack.isEmpty() && !vrt && !kml) {
                    // The root element tells the kind of description.
                    const QStringView root = xml.name();
                    vrt = root == QLatin1String("VRTDataset") || root == QLatin1String("OGRVRTDataSource");
                    kml = root == QLatin1String("kml") || root == QLatin1String("Document");
                }
                stack << xml.name().toString();
                if (stack.size() > mLimits.maxElementDepth)
                    return Error{QStringLiteral("XML nested more than %1 elements deep; refused").arg(mLimits.maxElementDepth),
                                 path};
                const QString name = stack.last();
                relativeToVrt = xml.attributes().value(QLatin1String("relativeToVRT")) == QLatin1String("1")
                                || xml.attributes().value(QLatin1String("relativetovrt")) == QLatin1String("1");
                if (!vrt && !kml) {
                    // Tile service descriptions and anything else: every URL
                    // or GDAL path in an attribute counts.
                    for (const QXmlStreamAttribute &a : xml.attributes()) {
                        const QString v = a.value().toString().trimmed();
                        if (isUrl(v) || v.startsWith(QLatin1String("/vsi")))
                            check(v, path, true, QStringLiteral("address in <%1 %2>").arg(name, a.name().toString()));
                    }
                }
                if (vrt && name == QLatin1String("PixelFunctionCode"))
                    return Error{QStringLiteral("holds pixel-function code (never run by Linewatch); refused"), path};
            } else if (token == QXmlStreamReader::EndElement) {
                if (!stack.isEmpty())
                    stack.removeLast();
            } else if (token == QXmlStreamReader::Characters && !xml.isWhitespace() && !stack.isEmpty()) {
                const QString name = stack.last();
                const QString value = xml.text().toString().trimmed();
                if (vrt) {
                    if (name == QLatin1String("PixelFunctionLanguage") && value.compare(QLatin1String("C"), Qt::CaseInsensitive) != 0)
                        return Error{QStringLiteral("asks for %1 pixel functions (never run by Linewatch); refused").arg(value),
                                     path};
                    if (name == QLatin1String("SourceFilename") || name == QLatin1String("SourceDataset")
                        || name == QLatin1String("SrcDataSource")) {
                        const QString reason = stack.size() >= 2 ? QStringLiteral("VRT source (%1)").arg(stack[stack.size() - 2])
                                                                 : QStringLiteral("VRT source");
                        const QString local = check(value, path, relativeToVrt, reason);
                        if (!local.isEmpty() && isVrtFile(local)) {
                            const Status nested = scanFile(local, chain);
                            if (!nested.ok())
                                return nested;
                        }
                    } else if (name != QLatin1String("MDI")
                               && (value.startsWith(QLatin1String("/vsi")) || startsWithCi(value, "vrt://"))) {
                        check(value, path, true, QStringLiteral("GDAL path in <%1>").arg(name));
                    }
                } else if (kml) {
                    if (name == QLatin1String("href")) {
                        const QString parent = stack.size() >= 2 ? stack[stack.size() - 2] : QString();
                        const QString reason = parent == QLatin1String("Link") && stack.size() >= 3
                                                       && stack[stack.size() - 3] == QLatin1String("NetworkLink")
                                                   ? QStringLiteral("KML network link")
                                                   : QStringLiteral("KML <%1> link").arg(parent);
                        check(value, path, true, reason);
                    } else if (name == QLatin1String("styleUrl") && !value.startsWith(QLatin1Char('#'))) {
                        const int hash = value.indexOf(QLatin1Char('#'));
                        check(hash < 0 ? value : value.left(hash), path, true, QStringLiteral("KML external style"));
                    }
                } else {
                    if (name == QLatin1String("Path") && stack.size() >= 2 && stack[stack.size() - 2] == QLatin1String("Cache"))
                        check(value, path, true, QStringLiteral("tile cache folder"));
                    else if (isUrl(value) || value.startsWith(QLatin1String("/vsi")))
                        check(value, path, true,
                              name.contains(QLatin1String("Server"), Qt::CaseInsensitive) || name.contains(QLatin1String("Url"), Qt::CaseInsensitive)
                                  ? QStringLiteral("tile server")
                                  : QStringLiteral("address in <%1>").arg(name));
                }
            }
        }
        if (xml.hasError())
            return Error{QStringLiteral("malformed XML at line %1: %2").arg(xml.lineNumber()).arg(xml.errorString()), path};
        return Ok{};
    }

    Status scanKmz(const QString &path)
    {
        const QString archive = QStringLiteral("/vsizip/{%1}").arg(QFileInfo(path).absoluteFilePath());
        char **entries = VSIReadDir(archive.toUtf8().constData());
        QStringList kmls;
        for (char **e = entries; e && *e; ++e) {
            const QString entry = QString::fromUtf8(*e);
            if (entry.endsWith(QLatin1String(".kml"), Qt::CaseInsensitive))
                kmls << entry;
        }
        CSLDestroy(entries);
        if (kmls.isEmpty())
            return Error{QStringLiteral("not a KMZ archive with a KML document"), path};
        for (const QString &entry : kmls) {
            Error error;
            const QByteArray text = readBounded(archive + QLatin1Char('/') + entry, mLimits.maxXmlBytes, &error);
            if (!error.message.isEmpty())
                return Error{error.message, path};
            // Relative links inside a KMZ point into the archive, which sits in the folder.
            QXmlStreamReader xml(text);
            const Status s = scanXml(xml, path, {});
            if (!s.ok())
                return s;
        }
        return Ok{};
    }
};

QString encodeField(QString s) { return s.replace(QLatin1Char('\t'), QLatin1Char(' ')); }

} // namespace

QString ExternalReference::kindName() const
{
    switch (kind) {
    case Kind::LocalFile: return QStringLiteral("local file");
    case Kind::Network: return QStringLiteral("network");
    case Kind::Special: return QStringLiteral("special");
    }
    return {};
}

QString ExternalReference::encode() const
{
    return QStringLiteral("%1\t%2\t%3\t%4\t%5")
        .arg(int(kind))
        .arg(encodeField(target), encodeField(referrer), encodeField(reason), encodeField(host));
}

std::optional<ExternalReference> ExternalReference::decode(const QString &text)
{
    const QStringList f = text.split(QLatin1Char('\t'));
    if (f.size() != 5)
        return std::nullopt;
    bool ok = false;
    const int k = f[0].toInt(&ok);
    if (!ok || k < 0 || k > int(Kind::Special))
        return std::nullopt;
    return ExternalReference{Kind(k), f[1], f[2], f[3], f[4]};
}

bool ExternalReferences::isExternal(const QString &rawTarget, const QString &allowedFolder, Kind *kind, QString *host)
{
    const QString target = rawTarget.trimmed();
    auto set = [&](Kind k, const QString &h) {
        if (kind)
            *kind = k;
        if (host)
            *host = h;
        return true;
    };
    if (isUrl(target))
        return set(Kind::Network, hostOfUrl(target));
    if (startsWithCi(target, "vrt://")) {
        // vrt://PATH?options wraps another dataset: as external as what it wraps.
        QString inner = target.mid(6);
        if (const int q = inner.indexOf(QLatin1Char('?')); q >= 0)
            inner.truncate(q);
        Kind innerKind = Kind::LocalFile;
        QString innerHost;
        if (QDir::isRelativePath(inner) && !inner.startsWith(QLatin1String("/vsi")) && !isUrl(inner))
            return set(Kind::Special, {}); // relative to the working folder: unknowable here
        if (isExternal(inner, allowedFolder, &innerKind, &innerHost))
            return set(innerKind == Kind::Network ? Kind::Network : Kind::Special, innerHost);
        return false;
    }
    if (target.startsWith(QLatin1String("/vsi"))) {
        const int slash = target.indexOf(QLatin1Char('/'), 1);
        const QString handler = slash < 0 ? target : target.left(slash + 1);
        const QString rest = slash < 0 ? QString() : target.mid(slash + 1);
        static const QStringList network = {
            QStringLiteral("/vsicurl/"), QStringLiteral("/vsicurl_streaming/"), QStringLiteral("/vsis3/"),
            QStringLiteral("/vsis3_streaming/"), QStringLiteral("/vsigs/"), QStringLiteral("/vsigs_streaming/"),
            QStringLiteral("/vsiaz/"), QStringLiteral("/vsiaz_streaming/"), QStringLiteral("/vsiadls/"),
            QStringLiteral("/vsioss/"), QStringLiteral("/vsioss_streaming/"), QStringLiteral("/vsiswift/"),
            QStringLiteral("/vsiswift_streaming/"), QStringLiteral("/vsiwebhdfs/"), QStringLiteral("/vsihdfs/")};
        if (network.contains(handler))
            return set(Kind::Network, isUrl(rest) ? hostOfUrl(rest) : rest.section(QLatin1Char('/'), 0, 0).toLower());
        static const QStringList archives = {QStringLiteral("/vsizip/"), QStringLiteral("/vsigzip/"),
                                             QStringLiteral("/vsitar/"), QStringLiteral("/vsi7z/"),
                                             QStringLiteral("/vsirar/")};
        if (archives.contains(handler)) {
            if (rest.startsWith(QLatin1String("/vsi")) || isUrl(rest)) {
                Kind innerKind = Kind::Special;
                QString innerHost;
                const bool external = isExternal(rest, allowedFolder, &innerKind, &innerHost);
                return external ? set(innerKind, innerHost) : false;
            }
            const QString archive = archiveOf(rest);
            if (QDir::isRelativePath(archive))
                return set(Kind::Special, {});
            return insideFolder(archive, allowedFolder) ? false : set(Kind::LocalFile, {});
        }
        // /vsistdin/, /vsimem/ (other datasets of this process), /vsisubfile/,
        // /vsisparse/, /vsicrypt/, ... have no business in a shared file.
        return set(Kind::Special, {});
    }
    if (QDir::isRelativePath(target))
        return insideFolder(QDir::current().filePath(target), allowedFolder) ? false : set(Kind::LocalFile, {});
    return insideFolder(target, allowedFolder) ? false : set(Kind::LocalFile, {});
}

Result<QList<ExternalReference>> ExternalReferences::scan(const QString &path, const Limits &limits)
{
    if (path.startsWith(QLatin1String("/vsi")) || isUrl(path) || path.trimmed().startsWith(QLatin1Char('<')))
        return QList<ExternalReference>{}; // opened by name by the user: nothing inside is scanned here
    const QFileInfo info(path);
    if (!info.isFile())
        return QList<ExternalReference>{};
    Scanner scanner(info.absolutePath(), limits);
    const Status s = scanner.scanFile(info.absoluteFilePath(), {});
    if (!s.ok())
        return s.error();
    return scanner.references;
}

QString ExternalReferences::consentMessage(const QString &path, const QList<ExternalReference> &references)
{
    QStringList targets;
    for (const ExternalReference &r : references)
        if (!targets.contains(r.target))
            targets << r.target;
    return QStringLiteral("%1 refers to files outside its folder or on the network, not read without your consent: %2")
        .arg(QFileInfo(path).fileName(), targets.join(QStringLiteral(", ")));
}

ExternalReferenceConsent &ExternalReferenceConsent::session()
{
    static ExternalReferenceConsent instance;
    return instance;
}

void ExternalReferenceConsent::setPolicy(Policy policy)
{
    std::lock_guard lock(mMutex);
    mPolicy = policy;
}

ExternalReferenceConsent::Policy ExternalReferenceConsent::policy() const
{
    std::lock_guard lock(mMutex);
    return mPolicy;
}

void ExternalReferenceConsent::allow(const QList<ExternalReference> &references)
{
    std::lock_guard lock(mMutex);
    for (const ExternalReference &r : references)
        mAllowed.insert(QFileInfo(r.referrer).absoluteFilePath() + QLatin1Char('\n') + r.target);
}

void ExternalReferenceConsent::allowHost(const QString &host)
{
    std::lock_guard lock(mMutex);
    if (!host.isEmpty())
        mHosts.insert(host.toLower());
}

QStringList ExternalReferenceConsent::allowedHosts() const
{
    std::lock_guard lock(mMutex);
    QStringList hosts(mHosts.begin(), mHosts.end());
    hosts.sort();
    return hosts;
}

void ExternalReferenceConsent::clear()
{
    std::lock_guard lock(mMutex);
    mAllowed.clear();
    mHosts.clear();
}

QStringList ExternalReferenceConsent::builtInTrustedPrefixes()
{
    return {QStringLiteral("https://s3.amazonaws.com/elevation-tiles-prod/")};
}

bool ExternalReferenceConsent::isAllowed(const ExternalReference &r) const
{
    if (r.kind == Kind::Network && r.reason == QLatin1String("tile server"))
        for (const QString &prefix : builtInTrustedPrefixes())
            if (r.target.startsWith(prefix))
                return true;
    std::lock_guard lock(mMutex);
    if (mPolicy == Policy::AllowAll)
        return true;
    if (r.kind == Kind::Network && r.reason == QLatin1String("tile server") && mHosts.contains(r.host))
        return true;
    return mAllowed.contains(QFileInfo(r.referrer).absoluteFilePath() + QLatin1Char('\n') + r.target);
}

QList<ExternalReference> ExternalReferenceConsent::unconsented(const QList<ExternalReference> &references) const
{
    QList<ExternalReference> missing;
    for (const ExternalReference &r : references)
        if (!isAllowed(r))
            missing << r;
    return missing;
}

} // namespace linewatch
