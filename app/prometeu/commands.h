#pragma once

#include <QStringList>

namespace Prometeu::Cli {

// Each subcommand takes its own arguments (argv[0] replaced by
// "prometeu <command>") and returns the process exit code.
int runScanCommand(const QStringList &arguments);
int runDoctorCommand(const QStringList &arguments);
int runBuildCommand(const QStringList &arguments);
int runInspectCommand(const QStringList &arguments);
int runActionCommand(const QStringList &arguments);
int runPreviewCommand(const QStringList &arguments);
int runPlayCommand(const QStringList &arguments);
int runServeCommand(const QStringList &arguments);
int runTailCommand(const QStringList &arguments);
int runDepsCommand(const QStringList &arguments);
int runExplainCommand(const QStringList &arguments);

} // namespace Prometeu::Cli
