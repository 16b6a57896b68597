#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <variant>

namespace linewatch {

/// What went wrong, where. Loaders and parsers return this instead of throwing
/// across a thread or signal boundary; the message is for people, so it names
/// the file and the problem ("roads.geojson: line 3: latitude 95 out of range").
struct Error
{
    Error() = default;
    Error(QString message, QString path = {}, int line = 0)
        : message(std::move(message)), path(std::move(path)), line(line)
    {
    }

    QString message;
    QString path;   ///< file or URL the error is about; may be empty
    int line = 0;   ///< 1-based line or feature number; 0 when not applicable
    /// When the file was not opened for want of the user's consent: the
    /// references it would follow, each ExternalReference::encode()d
    /// (core/io/external_references.h); empty for every other error.
    QStringList externalReferences;

    /// "path: line N: message", leaving out the parts that are empty.
    QString toString() const
    {
        QString s;
        if (!path.isEmpty())
            s += path + QStringLiteral(": ");
        if (line > 0)
            s += QStringLiteral("line %1: ").arg(line);
        return s + message;
    }
};

/// A value or an Error (C++20 has no std::expected).
template <class T>
class Result
{
public:
    Result(T value) : mData(std::move(value)) {}
    Result(Error error) : mData(std::move(error)) {}

    bool ok() const { return mData.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(mData); }
    T &value() & { return std::get<0>(mData); }
    T &&value() && { return std::get<0>(std::move(mData)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(mData); }

private:
    std::variant<T, Error> mData;
};

/// For operations that return nothing on success.
struct Ok
{
};
using Status = Result<Ok>;

} // namespace linewatch
