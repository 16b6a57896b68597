#pragma once

#include <QString>
#include <QStringList>

#include <memory>

class QThread;

namespace linewatch::test {

/// A small HTTP/1.1 file server on 127.0.0.1 for tests of GDAL's network
/// paths (WMS/TMS tiles, /vsicurl/). It serves files below one folder from its
/// own thread (a QTcpServer owned by a worker QObject moved to a QThread), so
/// a test can block on GDAL in the main thread while the server answers.
///
/// Besides normal serving it misbehaves on request, the way real servers and
/// networks do: not found, error statuses (500, 503, 429 with Retry-After),
/// stalling after the request, trickling the body, truncating it, announcing
/// a wrong Content-Length, sending garbage, and redirecting (to the same host
/// or to another host name). Every answer closes the connection
/// ("Connection: close"), so each request is one TCP connection.
///
/// stop() closes the listening socket and drops open connections; a client
/// connecting afterwards gets "connection refused", which is how tests
/// simulate being offline.
class LocalHttpServer
{
public:
    enum class Behaviour
    {
        Serve,              ///< 200 with the file; 404 when it does not exist
        NotFound,           ///< 404 for every path
        Status,             ///< Rule::statusCode with a short text body; 429 and 503 carry "Retry-After: 1"
        Stall,              ///< read the request, never answer, keep the connection open
        Trickle,            ///< 200 with the file, sent at Rule::bytesPerSecond
        TruncatedBody,      ///< right Content-Length, first half of the body, then close
        WrongContentLength, ///< Content-Length 1000 bytes too large, whole body, then close
        Redirect,           ///< 302 to the same path under /redirected/, which is always served
        GarbageBody,        ///< 200, "image/png", 4096 pseudo-random bytes (fixed seed) instead of the file
        RedirectOtherHost,  ///< 302 to http://localhost:PORT/redirected/<path>: same server, another host name
    };

    /// How to answer the requests whose path contains pathContains (all
    /// requests when it is empty).
    struct Rule
    {
        Behaviour behaviour = Behaviour::Serve;
        int statusCode = 500;      ///< for Behaviour::Status
        int bytesPerSecond = 512;  ///< [byte/s] for Behaviour::Trickle
        QString pathContains;
    };

    /// Serves the files below rootFolder; URL paths map to relative paths.
    explicit LocalHttpServer(const QString &rootFolder);
    ~LocalHttpServer();
    LocalHttpServer(const LocalHttpServer &) = delete;
    LocalHttpServer &operator=(const LocalHttpServer &) = delete;

    /// Starts listening on 127.0.0.1. With port 0 a free port is chosen; a
    /// restarted server may ask for its previous port(). False, with the
    /// reason in *error, when the port cannot be bound.
    bool start(quint16 port = 0, QString *error = nullptr);
    /// Stops listening and drops every connection (stalled ones included).
    void stop();
    bool isListening() const;
    quint16 port() const;
    /// "http://127.0.0.1:PORT"
    QString baseUrl() const;

    /// The answer for requests no rule matches (Serve by default).
    void setBehaviour(Behaviour behaviour, int statusCode = 500);
    /// Rules are tried in the order added; the first whose pathContains is in
    /// the request path decides.
    void addRule(const Rule &rule);
    void clearRules();

    /// Requests received since start or resetCounters(), redirected ones included.
    int requestCount() const;
    QStringList requestedPaths() const;
    void resetCounters();

    struct State;

private:
    std::shared_ptr<State> mState;
    std::unique_ptr<QThread> mThread;
    class Worker;
    Worker *mWorker = nullptr;
    quint16 mPort = 0;
};

/// A TCP port on 127.0.0.1 where connecting hangs: a socket listening with a
/// backlog of 0 whose one queue slot is taken by a connection nobody accepts,
/// so the kernel drops further SYNs and a client waits for its connect
/// timeout, as with an unroutable or firewalled host. Linux behaviour.
class FullBacklogListener
{
public:
    FullBacklogListener() = default;
    ~FullBacklogListener();
    FullBacklogListener(const FullBacklogListener &) = delete;
    FullBacklogListener &operator=(const FullBacklogListener &) = delete;

    /// False, with the reason in *error, when a socket call fails.
    bool start(QString *error = nullptr);
    quint16 port() const { return mPort; }
    /// "http://127.0.0.1:PORT"
    QString baseUrl() const;

private:
    void close();

    int mListenFd = -1;
    int mFillFd = -1;
    quint16 mPort = 0;
};

} // namespace linewatch::test
