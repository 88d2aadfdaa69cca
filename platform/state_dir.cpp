// First use of a state directory: the directory, the PKI, the database.
#include "platform/state_dir.h"

#include <filesystem>

#include "platform/pki.h"

namespace yimen::platform {

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
    if (Status s = pki::ensurePki(pkiDir(stateDir)); !s)
        return fail(s.error().withContext("preparing " + stateDir));
    Expected<std::unique_ptr<ApplicationStore>> store = ApplicationStore::open(databasePath(stateDir));
    if (!store)
        return fail(store.error().withContext("preparing " + stateDir));
    return store;
}

}  // namespace yimen::platform
