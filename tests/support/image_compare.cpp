#include "support/image_compare.h"

#include "support/test_paths.h"

#include <QDir>
#include <QFileInfo>

#include <cstdlib>

namespace linewatch::test {

QString ImageDifference::describe() const
{
    if (!sameSize)
        return QStringLiteral("sizes differ");
    return QStringLiteral("%1 pixels differ (%2 %)").arg(mismatched).arg(fraction * 100.0, 0, 'f', 3);
}

ImageDifference compareImages(const QImage &actualIn, const QImage &goldenIn, int tol, int shift)
{
    ImageDifference d;
    if (actualIn.size() != goldenIn.size())
        return d;
    d.sameSize = true;
    const QImage a = actualIn.convertToFormat(QImage::Format_ARGB32);
    const QImage g = goldenIn.convertToFormat(QImage::Format_ARGB32);
    const int w = a.width(), h = a.height();
    auto close = [tol](QRgb p, QRgb q) {
        return std::abs(qRed(p) - qRed(q)) <= tol && std::abs(qGreen(p) - qGreen(q)) <= tol
               && std::abs(qBlue(p) - qBlue(q)) <= tol && std::abs(qAlpha(p) - qAlpha(q)) <= tol;
    };
    for (int y = 0; y < h; ++y) {
        const auto *arow = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        for (int x = 0; x < w; ++x) {
            bool ok = false;
            for (int dy = -shift; dy <= shift && !ok; ++dy) {
                const int yy = y + dy;
                if (yy < 0 || yy >= h)
                    continue;
                const auto *grow = reinterpret_cast<const QRgb *>(g.constScanLine(yy));
                for (int dx = -shift; dx <= shift && !ok; ++dx) {
                    const int xx = x + dx;
                    if (xx >= 0 && xx < w && close(arow[x], grow[xx]))
                        ok = true;
                }
            }
            if (!ok)
                ++d.mismatched;
        }
    }
    d.fraction = double(d.mismatched) / (double(w) * h);
    return d;
}

bool matchesGolden(const QImage &actual, const QString &name, double maxFraction, QString *message)
{
    const QString goldenPath = sourceDir() + QStringLiteral("/tests/data/golden/") + name + QStringLiteral(".png");
    const QString actualDir = QStringLiteral(LINEWATCH_BINARY_DIR "/test-output");
    QDir().mkpath(actualDir);
    actual.save(actualDir + QLatin1Char('/') + name + QStringLiteral(".png"));

    if (qgetenv("LINEWATCH_UPDATE_GOLDEN") == "1" || !QFileInfo::exists(goldenPath)) {
        QDir().mkpath(QFileInfo(goldenPath).path());
        actual.save(goldenPath);
        *message = QStringLiteral("golden %1 written; check it by eye and run again").arg(goldenPath);
        return false;
    }
    const QImage golden(goldenPath);
    const ImageDifference d = compareImages(actual, golden);
    *message = QStringLiteral("%1 against %2 (actual in %3)").arg(d.describe(), goldenPath, actualDir);
    return d.sameSize && d.fraction <= maxFraction;
}

} // namespace linewatch::test
