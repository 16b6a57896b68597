#include "support/local_http_server.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace linewatch::test {

/// What the test thread and the server thread share; guarded by mutex.
struct LocalHttpServer::State
{
    QMutex mutex;
    QString root;
    Rule defaultRule;
    QList<Rule> rules;
    int requestCount = 0;
    QStringList paths;
};

namespace {

constexpr QByteArrayView kRedirectPrefix = "/redirected";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

QByteArray header(int status, qint64 contentLength, const QByteArray &contentType, const QByteArray &extra = {})
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    h += "Server: linewatch-test\r\nConnection: close\r\n";
    h += "Content-Type: " + contentType + "\r\n";
    h += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    h += extra;
    h += "\r\n";
    return h;
}

QByteArray contentTypeFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("tif") || suffix == QLatin1String("tiff"))
        return "image/tiff";
    if (suffix == QLatin1String("xml") || suffix == QLatin1String("vrt"))
        return "application/xml";
    if (suffix == QLatin1String("json") || suffix == QLatin1String("geojson"))
        return "application/json";
    return "application/octet-stream";
}

} // namespace

/// Lives in the server thread: owns the QTcpServer and the connections.
class LocalHttpServer::Worker : public QObject
{
public:
    explicit Worker(std::shared_ptr<State> state) : mState(std::move(state)) {}

    bool listen(quint16 port, QString *error)
    {
        mServer = new QTcpServer(this);
        QObject::connect(mServer, &QTcpServer::newConnection, this, [this] { acceptConnections(); });
        if (!mServer->listen(QHostAddress::LocalHost, port)) {
            if (error)
                *error = mServer->errorString();
            delete mServer;
            mServer = nullptr;
            return false;
        }
        return true;
    }

    quint16 port() const { return mServer ? mServer->serverPort() : 0; }

    void shutdown()
    {
        if (mServer) {
            mServer->close();
            delete mServer;
            mServer = nullptr;
        }
        const auto sockets = findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets) {
            socket->abort();
            delete socket;
        }
        const auto timers = findChildren<QTimer *>();
        qDeleteAll(timers);
        mBuffers.clear();
    }

private:
    void acceptConnections()
    {
        while (QTcpSocket *socket = mServer->nextPendingConnection()) {
            socket->setParent(this);
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequest(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                mBuffers.remove(socket);
                socket->deleteLater();
            });
        }
    }

    void readRequest(QTcpSocket *socket)
    {
        QByteArray &buffer = mBuffers[socket];
        if (buffer.endsWith('\0'))
            return; // already answered or stalling: ignore what follows
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffer.size() > 64 * 1024)
                socket->abort();
            return;
        }
        const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
        buffer = QByteArray(1, '\0'); // marks the connection as handled
        if (requestLine.size() < 2) {
            respond(socket, 400, "bad request\n");
            return;
        }
        const bool head = requestLine[0] == "HEAD";
        QByteArray path = requestLine[1];
        if (const qsizetype q = path.indexOf('?'); q >= 0)
            path.truncate(q);
        path = QByteArray::fromPercentEncoding(path);

        Rule rule;
        QString root;
        const bool redirected = path.startsWith(kRedirectPrefix.toByteArray() + '/');
        if (redirected)
            path = path.mid(kRedirectPrefix.size());
        {
            QMutexLocker lock(&mState->mutex);
            ++mState->requestCount;
            mState->paths << QString::fromUtf8(requestLine[1]);
            root = mState->root;
            rule = mState->defaultRule;
            const QString p = QString::fromUtf8(path);
            const auto match = std::find_if(mState->rules.cbegin(), mState->rules.cend(),
                                            [&p](const Rule &r) { return p.contains(r.pathContains); });
            if (match != mState->rules.cend())
                rule = *match;
        }
        if (redirected)
            rule = Rule{}; // the target of a redirect is always served

        switch (rule.behaviour) {
        case Behaviour::Stall:
            return; // keep the connection open and say nothing
        case Behaviour::NotFound:
            respond(socket, 404, "not found\n", {}, head);
            return;
        case Behaviour::Status: {
            const QByteArray extra =
                (rule.statusCode == 429 || rule.statusCode == 503) ? QByteArray("Retry-After: 1\r\n") : QByteArray();
            respond(socket, rule.statusCode, "error " + QByteArray::number(rule.statusCode) + '\n', extra, head);
            return;
        }
        case Behaviour::Redirect:
            respond(socket, 302, "moved\n", "Location: " + kRedirectPrefix.toByteArray() + path + "\r\n", head);
            return;
        case Behaviour::RedirectOtherHost:
            // "localhost" names the same server but is another host than the
            // 127.0.0.1 the client asked, as far as URLs (and consent) go.
            respond(socket, 302, "moved\n",
                    "Location: http://localhost:" + QByteArray::number(mServer->serverPort())
                        + kRedirectPrefix.toByteArray() + path + "\r\n",
                    head);
            return;
        case Behaviour::GarbageBody: {
            // Deterministic noise, so a failure is reproducible.
            QRandomGenerator random(6);
            QByteArray noise(4096, Qt::Uninitialized);
            for (char &c : noise)
                c = static_cast<char>(random.bounded(256));
            socket->write(header(200, noise.size(), "image/png"));
            if (!head)
                socket->write(noise);
            socket->disconnectFromHost();
            return;
        }
        default:
            break;
        }

        // Behaviours that send a file: resolve it below the root, refusing "..".
        const QString relative = QString::fromUtf8(path);
        const QString filePath = QDir::cleanPath(root + QLatin1Char('/') + relative);
        QFile file(filePath);
        if (relative.contains(QLatin1String("..")) || !filePath.startsWith(root) || !QFileInfo(filePath).isFile()
            || !file.open(QIODevice::ReadOnly)) {
            respond(socket, 404, "not found\n", {}, head);
            return;
        }
        const QByteArray body = file.readAll();
        const QByteArray type = contentTypeFor(filePath);
        if (head) {
            socket->write(header(200, body.size(), type));
            socket->disconnectFromHost();
            return;
        }
        switch (rule.behaviour) {
        case Behaviour::TruncatedBody:
            socket->write(header(200, body.size(), type));
            socket->write(body.left(body.size() / 2));
            socket->disconnectFromHost();
            return;
        case Behaviour::WrongContentLength:
            socket->write(header(200, body.size() + 1000, type));
            socket->write(body);
            socket->disconnectFromHost();
            return;
        case Behaviour::Trickle:
            socket->write(header(200, body.size(), type));
            trickle(socket, body, std::max(1, rule.bytesPerSecond));
            return;
        default:
            socket->write(header(200, body.size(), type));
            socket->write(body);
            socket->disconnectFromHost();
            return;
        }
    }

    void respond(QTcpSocket *socket, int status, const QByteArray &body, const QByteArray &extra = {}, bool head = false)
    {
        socket->write(header(status, body.size(), "text/plain", extra));
        if (!head)
            socket->write(body);
        socket->disconnectFromHost();
    }

    /// Sends body in ten slices a second at bytesPerSecond.
    void trickle(QTcpSocket *socket, const QByteArray &body, int bytesPerSecond)
    {
        auto *timer = new QTimer(this);
        const qsizetype slice = std::max(1, bytesPerSecond / 10);
        auto offset = std::make_shared<qsizetype>(0);
        QPointer<QTcpSocket> guard(socket);
        QObject::connect(timer, &QTimer::timeout, this, [timer, guard, body, slice, offset] {
            if (!guard || guard->state() != QAbstractSocket::ConnectedState) {
                timer->deleteLater();
                return;
            }
            guard->write(body.mid(*offset, slice));
            *offset += slice;
            if (*offset >= body.size()) {
                guard->disconnectFromHost();
                timer->deleteLater();
            }
        });
        timer->start(100);
    }

    std::shared_ptr<State> mState;
    QTcpServer *mServer = nullptr;
    QHash<QTcpSocket *, QByteArray> mBuffers;
};

LocalHttpServer::LocalHttpServer(const QString &rootFolder) : mState(std::make_shared<State>())
{
    mState->root = QDir::cleanPath(QFileInfo(rootFolder).absoluteFilePath());
}

LocalHttpServer::~LocalHttpServer() { stop(); }

bool LocalHttpServer::start(quint16 port, QString *error)
{
    stop();
    mThread = std::make_unique<QThread>();
    mThread->setObjectName(QStringLiteral("LocalHttpServer"));
    mWorker = new Worker(mState);
    mWorker->moveToThread(mThread.get());
    mThread->start();
    bool ok = false;
    QString message;
    QMetaObject::invokeMethod(
        mWorker, [this, port, &ok, &message] { ok = mWorker->listen(port, &message); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = message;
        stop();
        return false;
    }
    QMetaObject::invokeMethod(
        mWorker, [this] { mPort = mWorker->port(); }, Qt::BlockingQueuedConnection);
    return true;
}

void LocalHttpServer::stop()
{
    if (!mThread)
        return;
    QMetaObject::invokeMethod(mWorker, [this] { mWorker->shutdown(); }, Qt::BlockingQueuedConnection);
    mThread->quit();
    mThread->wait();
    // The thread has ended, so nothing else touches the worker.
    delete mWorker;
    mWorker = nullptr;
    mThread.reset();
}

bool LocalHttpServer::isListening() const { return mThread != nullptr; }

quint16 LocalHttpServer::port() const { return mPort; }

QString LocalHttpServer::baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(mPort); }

void LocalHttpServer::setBehaviour(Behaviour behaviour, int statusCode)
{
    QMutexLocker lock(&mState->mutex);
    mState->defaultRule = Rule{behaviour, statusCode, mState->defaultRule.bytesPerSecond, {}};
}

void LocalHttpServer::addRule(const Rule &rule)
{
    QMutexLocker lock(&mState->mutex);
    mState->rules << rule;
}

void LocalHttpServer::clearRules()
{
    QMutexLocker lock(&mState->mutex);
    mState->rules.clear();
}

int LocalHttpServer::requestCount() const
{
    QMutexLocker lock(&mState->mutex);
    return mState->requestCount;
}

QStringList LocalHttpServer::requestedPaths() const
{
    QMutexLocker lock(&mState->mutex);
    return mState->paths;
}

void LocalHttpServer::resetCounters()
{
    QMutexLocker lock(&mState->mutex);
    mState->requestCount = 0;
    mState->paths.clear();
}

FullBacklogListener::~FullBacklogListener() { close(); }

bool FullBacklogListener::start(QString *error)
{
    close();
    auto fail = [this, error](const char *what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)));
        close();
        return false;
    };
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    mListenFd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (mListenFd < 0)
        return fail("socket");
    if (::bind(mListenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return fail("bind");
    if (::listen(mListenFd, 0) != 0) // backlog 0: Linux queues exactly one connection
        return fail("listen");
    socklen_t length = sizeof address;
    if (::getsockname(mListenFd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return fail("getsockname");
    mPort = ntohs(address.sin_port);
    // Take the one slot; the kernel completes this handshake, nobody accepts.
    mFillFd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (mFillFd < 0)
        return fail("socket");
    if (::connect(mFillFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return fail("connect");
    return true;
}

QString FullBacklogListener::baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(mPort); }

void FullBacklogListener::close()
{
    if (mFillFd >= 0)
        ::close(mFillFd);
    if (mListenFd >= 0)
        ::close(mListenFd);
    mFillFd = mListenFd = -1;
}

} // namespace linewatch::test
