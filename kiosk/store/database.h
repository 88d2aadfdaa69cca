// The kiosk's database (kiosk.db): the common SQLite layer opened with the kiosk store's schema history.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"
#include "common/sqlite/database.h"

namespace yimen::kiosk::store {

using sqlite::Database;
using sqlite::Row;
using sqlite::SqlParams;
using sqlite::SqlValue;

// Opens or creates the kiosk's database at `path` and migrates it to the latest schema (schema.h), with the
// rules of sqlite::Database::open: a private folder (0700) and file (0600), and SQLite's quick_check at open.
// Errors: those of sqlite::Database::open.
[[nodiscard]] Expected<std::unique_ptr<Database>> openKioskDatabase(const std::string& path);

// The schema version openKioskDatabase migrates to.
int latestSchemaVersion();

}  // namespace yimen::kiosk::store
