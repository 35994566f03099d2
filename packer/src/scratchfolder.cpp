#include "packer/scratchfolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cerrno>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr auto namePrefix = "prometeu-workers-"_L1;

// Whether the process may still run: only a definite "no such process"
// says it does not (EPERM is another user's live process).
bool mayRun(qint64 processId)
{
    return ::kill(pid_t(processId), 0) == 0 || errno != ESRCH;
}

} // namespace

ScratchFolder::ScratchFolder()
{
    const QString folderBase = base();
    removeAbandoned(folderBase);
    m_folder = std::make_unique<QTemporaryDir>(
        QDir(folderBase).filePath(prefix(QCoreApplication::applicationPid()) + u"XXXXXX"_s));
}

ScratchFolder::~ScratchFolder() = default;

bool ScratchFolder::isValid() const { return m_folder && m_folder->isValid(); }

QString ScratchFolder::path() const
{
    // One that could not be made still names where it was wanted: the
    // workers' files then fail to open there, with that path in the
    // diagnostic (never somewhere relative to the working folder).
    return isValid() ? m_folder->path() : QDir(base()).filePath(prefix(QCoreApplication::applicationPid()) + u"unavailable"_s);
}

QString ScratchFolder::base()
{
    // The slots are rewritten for every job: on a disk each rewrite is a
    // journalled inode update.
    for (const QString &memory : {u"/dev/shm"_s, qEnvironmentVariable("XDG_RUNTIME_DIR")}) {
        if (!memory.isEmpty() && QFileInfo(memory).isDir() && QFileInfo(memory).isWritable())
            return memory;
    }
    return QDir::tempPath();
}

QString ScratchFolder::prefix(qint64 processId) { return namePrefix + QString::number(processId) + u'-'; }

int ScratchFolder::removeAbandoned(const QString &base)
{
    const QDir folder(base);
    const qint64 own = QCoreApplication::applicationPid();
    int removed = 0;
    const QStringList names = folder.entryList({namePrefix + u"*-*"_s}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QString &name : names) {
        bool ok = false;
        const QStringView rest = QStringView(name).sliced(namePrefix.size());
        const qint64 owner = rest.left(rest.indexOf(u'-')).toLongLong(&ok);
        if (!ok || owner <= 0 || owner == own || mayRun(owner))
            continue;
        const QByteArray path = QFile::encodeName(folder.filePath(name));
        // lstat, not QFileInfo: a link put in its place since the listing
        // must not lead the removal into what it points to.
        struct stat status {};
        if (::lstat(path.constData(), &status) != 0 || !S_ISDIR(status.st_mode) || status.st_uid != ::getuid())
            continue;
        if (QDir(QFile::decodeName(path)).removeRecursively())
            ++removed;
    }
    return removed;
}

} // namespace Prometeu
