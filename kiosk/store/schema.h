// The store's schema history: the ordered migration steps that take a file from user_version 0 to the latest.
#pragma once

#include <span>

#include "common/sqlite/database.h"

namespace yimen::kiosk::store {

using sqlite::Migration;

std::span<const Migration> schemaMigrations();

}  // namespace yimen::kiosk::store
