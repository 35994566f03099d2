#pragma once

// Shared by the libFuzzer targets: a QCoreApplication for Qt classes that
// want one, and a scratch file for readers that take a path.

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace FuzzSupport {

using namespace Qt::StringLiterals;

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    Q_UNUSED(app);
}

// One file per process, rewritten for every input.
inline QString scratchFile(const QByteArray &content, const char *suffix)
{
    static const QString path = QDir::tempPath() + u"/prometeu-fuzz-%1"_s.arg(QCoreApplication::applicationPid())
        + QString::fromLatin1(suffix);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
    return path;
}

} // namespace FuzzSupport
