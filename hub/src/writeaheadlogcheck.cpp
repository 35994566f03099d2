#include "writeaheadlogcheck.h"

#include <QFile>

#include <cstring>

namespace Prometeu {

namespace {

constexpr qint64 headerBytes = 48;
constexpr qint64 backfillOffset = 2 * headerBytes; // WalCkptInfo.nBackfill
constexpr quint32 indexVersion = 3007000;

quint32 nativeWord(const char *bytes)
{
    quint32 value = 0;
    std::memcpy(&value, bytes, sizeof value); // the index is in the machine's byte order
    return value;
}

} // namespace

WriteAheadLogCheck::WriteAheadLogCheck(const QString &databasePath)
    : m_indexPath(databasePath + QStringLiteral("-shm"))
    , m_before(readIndex(m_indexPath))
{
}

std::optional<WriteAheadLogCheck::Index> WriteAheadLogCheck::readIndex(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.read(backfillOffset + 4);
    if (bytes.size() < backfillOffset + 4)
        return std::nullopt;
    const char *header = bytes.constData();
    // SQLite writes the header twice and trusts it only when both agree.
    if (std::memcmp(header, header + headerBytes, headerBytes) != 0)
        return std::nullopt;
    if (nativeWord(header) != indexVersion || header[12] != 1) // iVersion, isInit
        return std::nullopt;
    Index index;
    index.frames = nativeWord(header + 16);
    index.salt[0] = nativeWord(header + 32);
    index.salt[1] = nativeWord(header + 36);
    index.copied = nativeWord(header + backfillOffset);
    if (index.copied > index.frames)
        return std::nullopt;
    return index;
}

quint32 WriteAheadLogCheck::pagesLost() const
{
    if (!m_before || m_before->frames == m_before->copied)
        return 0;
    const std::optional<Index> after = readIndex(m_indexPath);
    if (!after)
        return 0;
    const bool sameLog = after->salt[0] == m_before->salt[0] && after->salt[1] == m_before->salt[1];
    // A log SQLite refused as a whole leaves an index of zeros. Other salts
    // with content mean a writer elsewhere emptied and restarted the log
    // between the two reads (after copying it): nothing lost.
    const bool refused = after->frames == 0 && after->salt[0] == 0 && after->salt[1] == 0;
    if (!sameLog && !refused)
        return 0;
    const quint32 kept = std::max(after->frames, m_before->copied);
    return m_before->frames > kept ? m_before->frames - kept : 0;
}

} // namespace Prometeu
