#pragma once

#include "server/streamserver.h"

#include <hub/eventhub.h>

#include <QByteArray>

namespace Prometeu {

// What /metrics says, in Prometheus' text exposition format (version 0.0.4):
// one HELP and TYPE line per family, counters ending in _total, every name
// prefixed prometeu_. Checked by `promtool check metrics` in the tests.
struct ServedMetrics {
    EventHub::Metrics hub;
    StreamServer::Stats stream;
    qint64 historyBytes = -1; // -1: no history
    qint64 historyLostFrames = 0;
};

QByteArray prometheusText(const ServedMetrics &metrics);

} // namespace Prometeu
