// The last catalog received from the platform, kept so the kiosk can serve citizens while offline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "kiosk/store/database.h"

namespace yimen::kiosk::store {

struct CachedCatalog {
    std::string etag;  // sent back as If-None-Match
    std::string json;  // the body of GET /api/v1/catalog, as received
    std::int64_t savedMs = 0;
};

// Holds one catalog: saving replaces the previous one atomically. Borrows db. Thread-safe.
class CatalogCache {
public:
    explicit CatalogCache(Database& db);

    // Errors: invalidInput when json is not a JSON document (a broken body never replaces a good cache),
    // database.
    [[nodiscard]] Status save(const CachedCatalog& catalog);
    // nullopt when nothing was ever saved.
    [[nodiscard]] Expected<std::optional<CachedCatalog>> load();

private:
    Database& db_;
};

}  // namespace yimen::kiosk::store
