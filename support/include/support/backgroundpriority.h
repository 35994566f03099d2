#pragma once

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

// The calling thread's nice value, or 0 where there is none (for tests).
int currentThreadNice();

} // namespace Prometeu
