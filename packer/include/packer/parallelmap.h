#pragma once

#include <support/backgroundpriority.h>
#include <support/largepageheap.h>

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

namespace Prometeu {

// QtConcurrent::blockingMap on `pool`, called from an operation body that
// itself runs on `pool`. Qt 6.4's blockingMap only waits in the calling
// thread, so with every slot taken by drivers (e.g. --jobs 1) nothing would
// ever run the map. Releasing the caller's slot while it sleeps is the
// remedy QThreadPool::releaseThread() documents.
//
// The items run at the caller's priority: a map is its caller's work (in
// the Studio, below the GUI thread; keepPoolThreadsBelowCaller()).
template<typename Sequence, typename MapFunctor>
void parallelMap(QThreadPool *pool, Sequence &sequence, MapFunctor function)
{
    const int nice = currentThreadNice();
    pool->releaseThread();
    QtConcurrent::blockingMap(pool, sequence, [&function, nice](auto &item) {
        followThreadNice(nice);
        useLargePagesForThreadHeap(); // a helper made while the caller's slot was given back
        function(item);
    });
    pool->reserveThread();
}

} // namespace Prometeu
