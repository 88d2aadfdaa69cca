// The catalog the platform serves: the built-in seed (platform/seed/catalog.json) or a file, with its
// version.
#pragma once

#include <string>
#include <string_view>

#include "common/catalog.h"
#include "common/error.h"

namespace yimen::platform {

// The catalog as served by GET /api/v1/catalog.
struct ServedCatalog {
    Catalog catalog;      // parsed, with `version` set
    std::string json;     // the response body: yimen::toJson(catalog)
    std::string version;  // the ETag value (without quotes): a hash of the content
};

// The bytes of platform/seed/catalog.json, compiled into the library.
std::string_view seedCatalogJson();

// Builds the served catalog from catalog JSON. A "version" in the source is ignored: the version is computed
// from the content, so it changes exactly when the content does.
// Errors: invalidInput (not a catalog, an item in an unknown category, duplicate item or field ids).
[[nodiscard]] Expected<ServedCatalog> makeServedCatalog(std::string_view sourceJson);

// The catalog in `path`, or the built-in seed when `path` is empty. Errors: io, invalidInput.
[[nodiscard]] Expected<ServedCatalog> loadCatalog(const std::string& path);

}  // namespace yimen::platform
