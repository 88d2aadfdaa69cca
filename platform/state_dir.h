// The platform's state directory: platform.db and pki/, created on first use.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"
#include "platform/application_store.h"

namespace yimen::platform {

// stateDir/pki
std::string pkiDir(const std::string& stateDir);

// Creates `stateDir` (mode 0700) and its PKI when missing, then opens (or creates) its database. Kiosks are
// registered when they are enrolled (issue-kiosk), none before. A state directory that
// group or others may enter is tightened to 0700 (a warning in the log). Errors: io (including a directory
// whose mode cannot be tightened), crypto (PKI), database.
[[nodiscard]] Expected<std::unique_ptr<ApplicationStore>> prepareStateDir(const std::string& stateDir);

}  // namespace yimen::platform
