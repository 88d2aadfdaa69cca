// The store's schema history: the ordered migration steps that take a file from user_version 0 to the latest.
#pragma once

#include <span>

namespace yimen::kiosk::store {

// One step: the SQL that takes a file from version - 1 to version. Steps run in order, each in its own
// transaction together with the PRAGMA user_version that records it. A released step never changes;
// a new layout is a new step at the end.
struct Migration {
    int version;
    const char* description;
    const char* sql;
};

std::span<const Migration> schemaMigrations();

}  // namespace yimen::kiosk::store
