// The catalog cache: one row, replaced whole.
#include "kiosk/store/catalog_cache.h"

#include <nlohmann/json.hpp>

namespace yimen::kiosk::store {

CatalogCache::CatalogCache(Database& db) : db_(db) {}

Status CatalogCache::save(const CachedCatalog& catalog) {
    if (!nlohmann::json::accept(catalog.json))
        return fail(ErrorCode::invalidInput, "caching the catalog: the body is not valid JSON");
    auto saved = db_.execute(
        "INSERT INTO catalog_cache (id, etag, json, saved_ms) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, json = excluded.json, saved_ms = "
        "excluded.saved_ms",
        {catalog.etag, catalog.json, catalog.savedMs});
    if (!saved)
        return saved.error().withContext("caching the catalog");
    return {};
}

Expected<std::optional<CachedCatalog>> CatalogCache::load() {
    std::optional<CachedCatalog> cached;
    auto read =
        db_.query("SELECT etag, json, saved_ms FROM catalog_cache WHERE id = 1", {}, [&](const Row& row) {
            cached = CachedCatalog{row.text(0), row.text(1), row.integer(2)};
        });
    if (!read)
        return read.error().withContext("loading the cached catalog");
    return cached;
}

}  // namespace yimen::kiosk::store
