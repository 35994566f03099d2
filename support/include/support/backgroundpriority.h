#pragma once

class QThreadPool;

namespace Prometeu {

// Lowers the calling thread's scheduling priority (nice +5 on Linux) for
// work that runs beside the GUI and must not take its turn on the cores:
// the hub stamping every runtime line, the history writing it to SQLite.
// On two cores, a runtime flooding output, these threads and the GUI
// thread all wanted to run at once, and the GUI thread waited for a core
// mid-event (an event of 4 ms of its own CPU took 12 ms). At nice +5 they
// still get about a quarter of a core against it, and all of an idle one.
//
// Only lowers (an unprivileged process cannot raise it back); does nothing
// where threads have no priority of their own.
void lowerCurrentThreadPriority();

// How a thread that serves others' work (the hub's stamper, the history's
// writer) runs against the thread that made it.
enum class ServicePriority {
    // Below it, as the Studio's pool runs (keepPoolThreadsBelowCaller):
    // the GUI thread gets a core first.
    BelowCaller,
    // Level with it: a command has no GUI, and its build's threads run at
    // its own priority. At nice +5 beside them the history got a quarter
    // of a core, fell behind by most of a cold build, and the command
    // waited for it at the end (150-200 ms alone of a 10,000-asset build's
    // 1 s, measured with perf).
    AsCaller,
};

// Lowers the calling thread for BelowCaller; leaves it for AsCaller.
void applyServicePriority(ServicePriority priority);

// The calling thread's nice value, or 0 where there is none (for tests).
int currentThreadNice();

// Lowers the calling thread to `nice` if it runs above it; never raises.
// For work a thread does on behalf of another (a parallel map's items):
// it runs at the priority of the one it works for.
void followThreadNice(int nice);

// Makes every thread of a fresh `pool` run below the calling thread, for
// the pool's life: the Studio's scans, doctors and builds, so that the
// GUI thread gets a core first (opening a 10,000-asset project, the first
// paint waited 9-16 ms for one while the scan held both).
//
// Qt cannot do it (QThreadPool::setThreadPriority maps to nothing for
// Linux's SCHED_OTHER, and IdlePriority starves under load), so each of
// the pool's maxThreadCount() threads is started now, lowers itself, and
// is kept (no expiry). Threads the pool makes later from one of them (a
// parallel map's helpers, a task queued behind one) inherit its priority:
// Linux copies a thread's nice value to the threads it creates. A thread
// made from the GUI thread in the moment a map has given its slot back
// and not yet taken it is lowered by the map's first item
// (parallelMap follows its caller). Returns at once: the threads meet on
// their own.
void keepPoolThreadsBelowCaller(QThreadPool *pool);

// Starts every one of the pool's maxThreadCount() threads now, runs
// `prepare` first thing on each, and keeps them (no expiry): what a
// thread must do once before it takes work (keepPoolThreadsBelowCaller,
// useLargePagesForThreadHeap). Returns at once.
void prepareEveryPoolThread(QThreadPool *pool, void (*prepare)());

} // namespace Prometeu
