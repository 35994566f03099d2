#pragma once

#include <QString>

namespace Prometeu {

// What clients of the stream server may ask for, provided by whoever hosts
// it (`prometeu serve`, the Studio): the server itself never owns a packer
// or a session.
class ServerActions
{
public:
    virtual ~ServerActions() = default;
    // Starts "scan", "doctor" or "build"; returns its operation id, or an
    // empty string with *error set.
    virtual QString startOperation(const QString &operation, QString *error) = 0;
    virtual bool play(QString *refusal) = 0;
    virtual bool stop(QString *refusal) = 0;
};

} // namespace Prometeu
