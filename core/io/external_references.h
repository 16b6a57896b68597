#pragma once

#include "common/result.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <mutex>
#include <optional>

namespace linewatch {

/// One thing a file would make GDAL (or Linewatch) read from outside the
/// file's own folder, or from the network: a VRT source in /etc, a KML
/// network link, a tile server, a project layer elsewhere.
struct ExternalReference
{
    enum class Kind {
        LocalFile, ///< a local file or folder outside the allowed folder
        Network,   ///< http(s)/ftp URL, /vsicurl/ and friends, a tile server
        Special,   ///< /vsistdin/, /vsisubfile/ of an outside file, vrt://, any other /vsi handler
    };

    Kind kind = Kind::LocalFile;
    QString target;   ///< as GDAL would follow it (relative paths resolved); what the user is shown
    QString referrer; ///< the file that holds the reference (the opened file or a nested VRT)
    QString reason;   ///< e.g. "VRT source", "KML network link", "tile server"
    QString host;     ///< for Network: the host name ("" otherwise)

    /// "network", "local file" or "special".
    QString kindName() const;
    /// One line of text (tab-separated) for Error::externalReferences, so a
    /// refusal crossing a thread or signal still carries the list; decode()
    /// reverses it (nullopt for text that is not an encoded reference).
    QString encode() const;
    static std::optional<ExternalReference> decode(const QString &text);

    bool operator==(const ExternalReference &other) const
    {
        return kind == other.kind && target == other.target && referrer == other.referrer;
    }
};

/// Lists the references a file would make GDAL follow outside its own folder
/// (and below) or to the network, without letting GDAL open it: opening is
/// what we are guarding. VRT, GDAL WMS/WMTS descriptions and KML/KMZ are
/// parsed with QXmlStreamReader, with bounds on size and depth; other formats
/// (GeoTIFF, GeoJSON, ...) make no external reference. Linewatch projects are
/// scanned by project/project_references.
///
/// Nested VRTs inside the folder are scanned too, down to maxNesting levels;
/// a loop (a.vrt -> b.vrt -> a.vrt) is an Error. The folder that is allowed
/// is always the folder of the file the user opened: a nested VRT may not
/// widen it.
class ExternalReferences
{
public:
    struct Limits
    {
        /// [byte] larger VRT/KML/XML files are refused (streamed, so memory stays
        /// small; the bound matches ResourceBounds::Limits::maxTextVectorBytes)
        qint64 maxXmlBytes = 256LL * 1024 * 1024;
        int maxElementDepth = 256;             ///< XML element nesting; deeper is refused
        int maxNesting = 8;                    ///< VRT within VRT levels followed
    };

    /// Every reference of the file at `path` that leaves its folder. An Error
    /// (naming the file) when the file cannot be scanned safely: too big,
    /// too deeply nested, malformed XML, a VRT loop, or a VRT with Python
    /// pixel-function code (never run; GDAL_VRT_ENABLE_PYTHON=NO as well).
    static Result<QList<ExternalReference>> scan(const QString &path, const Limits &limits);
    static Result<QList<ExternalReference>> scan(const QString &path) { return scan(path, Limits{}); }

    /// True when `target` (absolute, a URL or a GDAL /vsi path) leaves
    /// `allowedFolder`, false when it stays inside (canonical paths: a symlink inside that points outside is
    /// outside). `kind` and `host` are filled when it leaves.
    static bool isExternal(const QString &target, const QString &allowedFolder, ExternalReference::Kind *kind,
                           QString *host);

    /// "hostile.vrt refers to files outside its folder or on the network, not
    /// read without your consent: /etc/passwd, /vsicurl/http://x/y.tif".
    static QString consentMessage(const QString &path, const QList<ExternalReference> &references);
};

/// Which external references the user accepted: per referring file for the
/// session, and tile servers per host (the app keeps the hosts in QSettings).
/// Thread-safe: the layer loader's workers ask it while the UI thread adds.
/// One instance for the process, session(); tests may use their own.
class ExternalReferenceConsent
{
public:
    enum class Policy {
        Ask,      ///< only what was accepted is followed (the default)
        AllowAll, ///< everything (linewatch --external-references=allow, linewatch-cli --allow-external)
    };

    static ExternalReferenceConsent &session();

    void setPolicy(Policy policy);
    Policy policy() const;

    /// Accepts these references (of their referrers) for the rest of the session.
    void allow(const QList<ExternalReference> &references);
    /// Accepts every reference to this host (tile servers).
    void allowHost(const QString &host);
    QStringList allowedHosts() const;
    /// Forgets everything accepted (not the policy).
    void clear();

    bool isAllowed(const ExternalReference &reference) const;
    /// The references not accepted yet (all of them under Policy::Ask with nothing accepted).
    QList<ExternalReference> unconsented(const QList<ExternalReference> &references) const;

    /// URL prefixes trusted without asking: the public "Terrain Tiles" bucket
    /// the bundled Shusha sample reads its terrain from
    /// (maps/shusha/terrain-remote.xml). A file naming it can only fetch
    /// public terrain tiles, so the sample opens without a dialog on every start.
    static QStringList builtInTrustedPrefixes();

private:
    mutable std::mutex mMutex;
    Policy mPolicy = Policy::Ask;
    QSet<QString> mAllowed; // referrer + '\n' + target
    QSet<QString> mHosts;
};

} // namespace linewatch
