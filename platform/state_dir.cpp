// First use of a state directory: the directory, the PKI, the database.
#include "platform/state_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/log.h"
#include "platform/pki.h"

namespace yimen::platform {
namespace {

// The state directory holds personal data (platform.db) and keys: the owner's alone. A directory that group
// or others may enter (made by `mkdir -p` under the usual umask, as the demo does) is tightened to 0700 with
// a warning rather than refused, so a permission slip closes at once instead of stopping the platform; one
// that cannot be tightened (another owner) is refused.
Status makePrivate(const std::string& stateDir) {
    struct stat st {};
    if (::stat(stateDir.c_str(), &st) != 0)
        return fail(ErrorCode::io, "reading the mode of " + stateDir + ": " + errnoText(errno));
    const mode_t mode = st.st_mode & 0777;
    if ((mode & 0077) == 0)
        return {};
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    if (::chmod(stateDir.c_str(), 0700) != 0)
        return fail(ErrorCode::io, stateDir +
                                       " holds personal data and keys but is open to group or others (mode " +
                                       octal + "), and cannot be made private: " + errnoText(errno));
    log::warn("platform", stateDir + " was open to group or others (mode " + octal + "); tightened to 0700");
    return {};
}

}  // namespace

std::string pkiDir(const std::string& stateDir) {
    return stateDir + "/pki";
}

Expected<std::unique_ptr<ApplicationStore>> prepareStateDir(const std::string& stateDir) {
    if (stateDir.empty())
        return fail(ErrorCode::invalidInput, "no state directory given");
    std::error_code ec;
    if (!std::filesystem::is_directory(stateDir, ec)) {
        if (!std::filesystem::create_directories(stateDir, ec) && ec)
            return fail(ErrorCode::io, "creating " + stateDir + ": " + ec.message());
        std::filesystem::permissions(stateDir, std::filesystem::perms::owner_all, ec);
    }
    if (Status s = makePrivate(stateDir); !s)
        return fail(s.error());
    if (Status s = pki::ensurePki(pkiDir(stateDir)); !s)
        return fail(s.error().withContext("preparing " + stateDir));
    Expected<std::unique_ptr<ApplicationStore>> store = ApplicationStore::open(databasePath(stateDir));
    if (!store)
        return fail(store.error().withContext("preparing " + stateDir));

    return store;
}

}  // namespace yimen::platform
