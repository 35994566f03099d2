#pragma once

#include <QString>

#include <memory>

class QTemporaryDir;

namespace Prometeu {

// The private folder converter workers leave their converted bytes in: in
// memory where the system has one (/dev/shm, else $XDG_RUNTIME_DIR, else
// the temporary folder), removed with this object. Its name carries the
// process id of its owner, so that the folder of a process that was killed
// (and so could not remove it) is removed by the next one made on this
// machine instead of holding memory until a reboot.
class ScratchFolder
{
public:
    ScratchFolder();
    ~ScratchFolder();
    ScratchFolder(const ScratchFolder &) = delete;
    ScratchFolder &operator=(const ScratchFolder &) = delete;

    bool isValid() const;
    QString path() const;

    // Where folders are made, and what their names start with for a process.
    static QString base();
    static QString prefix(qint64 processId);
    // Removes the folders in `base` left by processes of this user that no
    // longer run; returns how many. Never follows a link, never touches
    // another user's folder or one whose owner may still run.
    static int removeAbandoned(const QString &base);

private:
    std::unique_ptr<QTemporaryDir> m_folder;
};

} // namespace Prometeu
