// Opens the kiosk's database with the store's schema history.
#include "kiosk/store/database.h"

#include "kiosk/store/schema.h"

namespace yimen::kiosk::store {

Expected<std::unique_ptr<Database>> openKioskDatabase(const std::string& path) {
    return Database::open(path, sqlite::OpenOptions{schemaMigrations(), "the store", true, true});
}

int latestSchemaVersion() {
    return schemaMigrations().back().version;
}

}  // namespace yimen::kiosk::store
