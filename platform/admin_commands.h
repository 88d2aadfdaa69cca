// The commands of yimen-platform that do not serve: advance, issue-kiosk, list, purge-personal, help.
#pragma once

#include <ostream>

#include "platform/command_line.h"

namespace yimen::platform {

// Runs `cl` (any command but serve) and returns the process exit code: 0 done, 1 refused or failed, with a
// message on `err` that says why. Creates the state directory, its PKI and database when missing.
int runAdminCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace yimen::platform
