#pragma once

#include <hub/eventhub.h>

#include <QByteArray>

namespace Prometeu {

// What /metrics says, in Prometheus' text exposition format (version 0.0.4):
// one HELP and TYPE line per family, counters ending in _total, every name
// prefixed prometeu_. Checked by `promtool check metrics` in the tests.
struct ServedMetrics {
    EventHub::Metrics hub;
    int clients = 0;
    quint64 framesSent = 0;
    quint64 resets = 0;
    quint64 framesMissed = 0;
    quint64 slowDisconnects = 0;
    quint64 refused = 0;
    qint64 historyBytes = -1; // -1: no history
    qint64 historyLostFrames = 0;
};

QByteArray prometheusText(const ServedMetrics &metrics);

} // namespace Prometeu
