// The outbox key of a store: loaded, or created only when no sealed entry could need another one.
#pragma once

#include <string>

#include "common/error.h"
#include "kiosk/store/database.h"
#include "kiosk/store/sealed_box.h"

namespace yimen::kiosk::store {

// Opens the key that seals db's outbox. When keyPath exists it is loaded (SealedBox::loadKey). When it does
// not, a new key is created (SealedBox::loadOrCreateKey) only if no entry holds a sealed payload (pending,
// or failed and kept for a technician): a new key over such entries would make every one of them fail
// with "authentication failed", and the applications behind printed receipts would be lost.
//
// Errors: notFound when the key file is missing while sealed entries exist — nothing is created and no
// entry is touched; the kiosk shows out-of-service until a technician restores the key file (or decides
// about the entries). The message names the file and the number of entries. Otherwise the errors of
// SealedBox::loadOrCreateKey (crypto for an exposed or malformed key file, io) and database.
// Any thread; call once at start, before the outbox is used.
[[nodiscard]] Expected<SealedBox> openOutboxKey(Database& db, const std::string& keyPath);

}  // namespace yimen::kiosk::store
