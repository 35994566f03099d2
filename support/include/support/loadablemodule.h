#pragma once

#include <QLibrary>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Prometeu {

// One of our libraries that a process loads the first time it needs what
// is in it (libprometeu-codecs.so: packer/mediacodecs.h;
// libprometeu-network.so: support/networkmodule.h), so a command that
// needs neither starts without the dozens of libraries under them.
struct LoadableModule {
    // Kept for the life of the process (what it made may be used until
    // exit); null when no candidate would do.
    std::unique_ptr<QLibrary> library;
    // When none would do: what was tried and why each failed, for a
    // sentence ("...could not be loaded: <tried>").
    QString tried;

    // Where to look for `fileName`: the file named by `variable` when it is
    // set (and then only there), else beside libprometeu-core.so (as the
    // build tree and an install lay them out), else `buildPath` (where this
    // build made it), when given.
    static QStringList candidates(const char *variable, const QString &fileName, const char *buildPath);

    // The first candidate that loads, exports `entry` and `fits` (its entry
    // point answers for the interface this process was built with).
    static LoadableModule load(const QStringList &candidates, const char *entry,
                               const std::function<bool(QFunctionPointer)> &fits,
                               QLibrary::LoadHints hints = {});
};

} // namespace Prometeu
