// The test web server's behaviours, seen through GDAL's own HTTP client
// (CPLHTTPFetch, the code under /vsicurl/), so the hostile behaviours that
// later tests use are known to reach GDAL as intended: each row names what a
// client must observe (status, body, curl error, number of requests, time).
#include "io/gdal_environment.h"

#include "support/local_http_server.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

#include <cpl_error.h>
#include <cpl_http.h>

#include <memory>

using namespace linewatch;
using linewatch::test::LocalHttpServer;
using Behaviour = LocalHttpServer::Behaviour;

Q_DECLARE_METATYPE(LocalHttpServer::Behaviour)

namespace {

struct HttpResultDeleter
{
    void operator()(CPLHTTPResult *r) const { CPLHTTPDestroyResult(r); }
};
using HttpResultPtr = std::unique_ptr<CPLHTTPResult, HttpResultDeleter>;

constexpr int kFileBytes = 3000;

QByteArray fileContent()
{
    QByteArray bytes(kFileBytes, '\0');
    for (int i = 0; i < kFileBytes; ++i)
        bytes[i] = static_cast<char>('a' + i % 26);
    return bytes;
}

struct Fetched
{
    int curlCode = -1; ///< CPLHTTPResult::nStatus: libcurl's CURLcode (0 = transfer done, 18 = partial, 28 = timeout)
    int status = 0;    ///< HTTP status: from "HTTP error code : N" for errors, 200 for a completed transfer
    QByteArray body;
    QString error;
    double seconds = 0;
};

// One GET through GDAL's HTTP client with the app's global limits, plus the
// given options.
Fetched fetch(const QString &url, const QList<QByteArray> &options = {})
{
    std::vector<const char *> argv;
    for (const QByteArray &o : options)
        argv.push_back(o.constData());
    argv.push_back(nullptr);
    QElapsedTimer timer;
    timer.start();
    CPLErrorReset();
    HttpResultPtr result(CPLHTTPFetch(url.toUtf8().constData(), const_cast<char **>(argv.data())));
    Fetched f;
    f.seconds = timer.elapsed() / 1000.0;
    if (result) {
        f.curlCode = result->nStatus;
        f.body = QByteArray(reinterpret_cast<const char *>(result->pabyData), result->nDataLen);
        f.error = QString::fromUtf8(result->pszErrBuf ? result->pszErrBuf : "");
        static const QRegularExpression httpError(QStringLiteral(R"(HTTP error code : (\d+))"));
        if (const QRegularExpressionMatch m = httpError.match(f.error); m.hasMatch())
            f.status = m.captured(1).toInt();
        else if (f.curlCode == 0)
            f.status = 200;
    }
    return f;
}

} // namespace

class TestLocalHttpServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void behaviours_data();
    void behaviours();
    void rulesApplyPerPath();
    void stopRefusesAndRestartServesOnTheSamePort();

private:
    QString mRoot;
};

void TestLocalHttpServer::initTestCase()
{
    GdalEnvironment::Options options;
    options.cacheFolder = test::tempDir() + QStringLiteral("/cache");
    GdalEnvironment::initialise(options);
    mRoot = test::tempDir() + QStringLiteral("/www");
    QDir().mkpath(mRoot + QStringLiteral("/sub"));
    QFile f(mRoot + QStringLiteral("/sub/file.bin"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(fileContent());
}

void TestLocalHttpServer::behaviours_data()
{
    QTest::addColumn<Behaviour>("behaviour");
    QTest::addColumn<int>("parameter");      // status code (Status) or bytes per second (Trickle)
    QTest::addColumn<QString>("path");
    QTest::addColumn<QList<QByteArray>>("options");
    QTest::addColumn<int>("curlCode");       // CURLcode GDAL reports
    QTest::addColumn<int>("status");         // HTTP status (0: none)
    QTest::addColumn<bool>("wholeBody");     // body equals the file
    QTest::addColumn<QString>("error");      // fragment of GDAL's error; empty: none
    QTest::addColumn<int>("requests");       // seen by the server
    QTest::addColumn<double>("minSeconds");
    QTest::addColumn<double>("maxSeconds");

    const GdalEnvironment::HttpLimits limits = GdalEnvironment::httpLimits();
    const QString file = QStringLiteral("/sub/file.bin");
    const QList<QByteArray> none;
    // GDAL 3.6's CPLHTTPFetch retries 429, 500, 502, 503 and 504 answers
    // maxRetry times, first after retryDelay, then roughly doubling; a
    // Retry-After header does not shorten that.
    const double retriedMin = limits.retryDelayS * (limits.maxRetry > 0 ? 1 : 0);
    const double retriedMax = (limits.maxRetry + 1) * 2.0 + 4.0 * limits.retryDelayS * limits.maxRetry;
    QTest::newRow("serve an existing file: 200 and the bytes")
        << Behaviour::Serve << 0 << file << none << 0 << 200 << true << "" << 1 << 0.0 << 2.0;
    QTest::newRow("serve a missing file: 404, not retried")
        << Behaviour::Serve << 0 << QStringLiteral("/sub/none.bin") << none << 0 << 404 << false
        << "HTTP error code : 404" << 1 << 0.0 << 2.0;
    QTest::newRow("NotFound: 404 for an existing file")
        << Behaviour::NotFound << 0 << file << none << 0 << 404 << false << "HTTP error code : 404" << 1 << 0.0 << 2.0;
    QTest::newRow("Status 500: retried maxRetry times")
        << Behaviour::Status << 500 << file << none << 0 << 500 << false << "HTTP error code : 500"
        << 1 + limits.maxRetry << retriedMin << retriedMax;
    QTest::newRow("Status 503 + Retry-After: retried maxRetry times")
        << Behaviour::Status << 503 << file << none << 0 << 503 << false << "HTTP error code : 503"
        << 1 + limits.maxRetry << retriedMin << retriedMax;
    QTest::newRow("Status 429 + Retry-After: retried maxRetry times")
        << Behaviour::Status << 429 << file << none << 0 << 429 << false << "HTTP error code : 429"
        << 1 + limits.maxRetry << retriedMin << retriedMax;
    // Client-side low-speed limit of 1 s here to keep the test short; the
    // app's own limit is exercised in test_terrain_source.
    QTest::newRow("Stall: client's low-speed limit ends it (CURLE_OPERATION_TIMEDOUT)")
        << Behaviour::Stall << 0 << file << QList<QByteArray>{"LOW_SPEED_TIME=1", "LOW_SPEED_LIMIT=1"} << 28 << 0
        << false << "Operation too slow" << 1 << 0.9 << 3.0;
    // 3000 bytes at 1500 byte/s, above the app's 1 KiB/s low-speed floor:
    // accepted, complete after about 2 s.
    QTest::newRow("Trickle 1500 B/s: complete after about 2 s")
        << Behaviour::Trickle << 1500 << file << none << 0 << 200 << true << "" << 1 << 1.5 << 4.0;
    QTest::newRow("TruncatedBody: curl reports the missing half (CURLE_PARTIAL_FILE)")
        << Behaviour::TruncatedBody << 0 << file << none << 18 << 0 << false
        << "transfer closed with 1500 bytes remaining" << 1 << 0.0 << 2.0;
    QTest::newRow("WrongContentLength (+1000): curl reports the gap (CURLE_PARTIAL_FILE)")
        << Behaviour::WrongContentLength << 0 << file << none << 18 << 0 << false
        << "transfer closed with 1000 bytes remaining" << 1 << 0.0 << 2.0;
    QTest::newRow("Redirect: followed to /redirected/, then served")
        << Behaviour::Redirect << 0 << file << none << 0 << 200 << true << "" << 2 << 0.0 << 2.0;
}

void TestLocalHttpServer::behaviours()
{
    QFETCH(Behaviour, behaviour);
    QFETCH(int, parameter);
    QFETCH(QString, path);
    QFETCH(QList<QByteArray>, options);
    QFETCH(int, curlCode);
    QFETCH(int, status);
    QFETCH(bool, wholeBody);
    QFETCH(QString, error);
    QFETCH(int, requests);
    QFETCH(double, minSeconds);
    QFETCH(double, maxSeconds);

    LocalHttpServer server(mRoot);
    QString startError;
    QVERIFY2(server.start(0, &startError), qPrintable(startError));
    if (behaviour == Behaviour::Trickle)
        server.addRule({Behaviour::Trickle, 0, parameter, {}});
    else
        server.setBehaviour(behaviour, parameter);

    const Fetched f = fetch(server.baseUrl() + path, options);
    qInfo("curl %d, HTTP %d, %lld bytes, %.2f s, %d request(s), error \"%s\"", f.curlCode, f.status, static_cast<long long>(f.body.size()),
          f.seconds, server.requestCount(), qPrintable(f.error));
    QCOMPARE(f.curlCode, curlCode);
    QCOMPARE(f.status, status);
    if (wholeBody)
        QCOMPARE(f.body, fileContent());
    if (error.isEmpty())
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    else
        QVERIFY2(f.error.contains(error), qPrintable(f.error));
    QCOMPARE(server.requestCount(), requests);
    if (behaviour == Behaviour::Redirect)
        QCOMPARE(server.requestedPaths(), (QStringList{path, QStringLiteral("/redirected") + path}));
    QVERIFY2(f.seconds >= minSeconds && f.seconds <= maxSeconds,
             qPrintable(QStringLiteral("%1 s, expected %2..%3 s").arg(f.seconds).arg(minSeconds).arg(maxSeconds)));
}

void TestLocalHttpServer::rulesApplyPerPath()
{
    LocalHttpServer server(mRoot);
    QVERIFY(server.start());
    QDir().mkpath(mRoot + QStringLiteral("/other"));
    QVERIFY(QFile::copy(mRoot + QStringLiteral("/sub/file.bin"), mRoot + QStringLiteral("/other/file.bin"))
            || QFileInfo::exists(mRoot + QStringLiteral("/other/file.bin")));
    server.addRule({Behaviour::Status, 500, 512, QStringLiteral("/other/")});
    QCOMPARE(fetch(server.baseUrl() + QStringLiteral("/other/file.bin"), {"MAX_RETRY=0"}).status, 500);
    QCOMPARE(fetch(server.baseUrl() + QStringLiteral("/sub/file.bin")).status, 200);
    server.clearRules();
    QCOMPARE(fetch(server.baseUrl() + QStringLiteral("/other/file.bin")).status, 200);
    QCOMPARE(server.requestCount(), 3);
}

void TestLocalHttpServer::stopRefusesAndRestartServesOnTheSamePort()
{
    LocalHttpServer server(mRoot);
    QVERIFY(server.start());
    const quint16 port = server.port();
    QVERIFY(port != 0);
    QCOMPARE(server.baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(port));
    server.stop();
    QVERIFY(!server.isListening());
    const Fetched refused = fetch(server.baseUrl() + QStringLiteral("/sub/file.bin"));
    QCOMPARE(refused.status, 0);
    QVERIFY2(refused.error.contains(QStringLiteral("Failed to connect")), qPrintable(refused.error));
    QVERIFY(refused.seconds < 1.0);
    QString error;
    QVERIFY2(server.start(port, &error), qPrintable(error));
    QCOMPARE(server.port(), port);
    QCOMPARE(fetch(server.baseUrl() + QStringLiteral("/sub/file.bin")).body, fileContent());
}

QTEST_GUILESS_MAIN(TestLocalHttpServer)
#include "test_local_http_server.moc"
