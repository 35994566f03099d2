#pragma once

#include "packer/assetoptions.h"
#include "packer/project.h"

#include <QJsonObject>
#include <optional>

namespace Prometeu {

class OperationScope;

// One change a user makes to the project's assets. Every applied action
// reports its inverse, so the Studio can undo it with a QUndoStack.
struct AssetAction {
    enum class Type { Rename, Exclude, Include, SetOptions };
    Type type = Type::Exclude;
    QString asset;
    QString newPath;        // Rename
    QJsonObject options;    // SetOptions: pixel_format / sample_rate, null = default

    QJsonObject toJson() const;
    static std::optional<AssetAction> fromJson(const QJsonObject &object, QString *error);
    friend bool operator==(const AssetAction &, const AssetAction &) = default;
};

struct ActionResult {
    bool applied = false;
    std::optional<AssetAction> inverse;
    QString reason; // when not applied
};

// Applies an action to the project's files. A failed action changes nothing
// on disk: file moves are undone if the options file cannot be written, and
// the options file is only ever replaced atomically.
class ActionOperation
{
public:
    ActionOperation(Project project, AssetAction action);
    ActionResult run(OperationScope &scope);

private:
    ActionResult apply();
    ActionResult rename(AssetOptionsFile &options);

    Project m_project;
    AssetAction m_action;
};

} // namespace Prometeu
