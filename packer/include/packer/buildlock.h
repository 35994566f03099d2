#pragma once

#include <QString>

#include <functional>

namespace Prometeu {

// One build of a project at a time, across processes (the Studio and a
// `prometeu build` in a terminal share the cache): an flock() on
// .prometeu/build.lock. The kernel lets go of it when its owner dies, so
// a dead owner never has to be detected; the file is removed by an owner
// that finishes, so a file found already there says the last build died
// (its half-written cache objects may be lying about).
//
// Not QLockFile: that syncs the file to disk on every lock (1-2 ms of a
// no-op build on this machine's disk, 9-23 ms under load) to survive
// what flock needs no file for, and decides on staleness by pid.
class BuildLock
{
public:
    BuildLock() = default;
    BuildLock(const BuildLock &) = delete;
    BuildLock &operator=(const BuildLock &) = delete;
    ~BuildLock();

    enum class Result {
        Locked,      // held
        Unavailable, // the folder cannot hold a lock (read-only): not held
        Cancelled,   // `cancelled` said so while another build held it
    };
    // Waits for the lock, asking `cancelled` every 100 ms meanwhile.
    Result lock(const QString &path, const std::function<bool()> &cancelled);
    // After Locked: whether the previous owner died holding it.
    bool previousDied() const { return m_previousDied; }
    void unlock();

private:
    int m_fd = -1;
    QString m_path;
    bool m_previousDied = false;
};

} // namespace Prometeu
