// Loading, checking and versioning the served catalog.
#include "platform/catalog_source.h"

#include <fstream>
#include <set>
#include <sstream>

#include "common/api/json_text.h"
#include "platform/digest.h"

namespace yimen::platform {
namespace {

// Hex digits of the content hash kept in the version: 64 bits tell catalog revisions apart.
constexpr std::size_t kVersionLength = 16;

Status checkConsistency(const Catalog& catalog) {
    std::set<std::string> categories;
    for (const Category& c : catalog.categories)
        if (!categories.insert(c.id).second)
            return fail(ErrorCode::invalidInput, "category '" + c.id + "' appears twice");
    std::set<std::string> items;
    for (const Item& item : catalog.items) {
        if (!items.insert(item.id).second)
            return fail(ErrorCode::invalidInput, "item '" + item.id + "' appears twice");
        if (categories.count(item.categoryId) == 0)
            return fail(ErrorCode::invalidInput, "item '" + item.id + "' is in category '" + item.categoryId +
                                                     "', which does not exist");
        std::set<std::string> fields;
        for (const FieldSpec& f : item.fields)
            if (!fields.insert(f.id).second)
                return fail(ErrorCode::invalidInput, "item '" + item.id + "' has field '" + f.id + "' twice");
    }
    if (catalog.items.empty())
        return fail(ErrorCode::invalidInput, "the catalog has no items");
    return {};
}

}  // namespace

Expected<ServedCatalog> makeServedCatalog(std::string_view sourceJson) {
    nlohmann::json source = nlohmann::json::parse(sourceJson, nullptr, /*allow_exceptions=*/false);
    if (source.is_discarded() || !source.is_object())
        return fail(ErrorCode::invalidInput, "the catalog is not a JSON object");
    source.erase("version");
    const std::string version = sha256Hex(api::dumpJson(source)).substr(0, kVersionLength);
    source["version"] = version;

    Expected<Catalog> parsed = parseCatalog(api::dumpJson(source));
    if (!parsed)
        return fail(parsed.error());
    if (Status s = checkConsistency(*parsed); !s)
        return fail(s.error());
    ServedCatalog served;
    served.catalog = std::move(*parsed);
    served.catalog.version = version;
    served.json = toJson(served.catalog);
    served.version = version;
    return served;
}

Expected<ServedCatalog> loadCatalog(const std::string& path) {
    if (path.empty()) {
        Expected<ServedCatalog> seed = makeServedCatalog(seedCatalogJson());
        if (!seed)
            return fail(seed.error().withContext("loading the built-in catalog"));
        return seed;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::io, "cannot read catalog file " + path);
    std::ostringstream content;
    content << in.rdbuf();
    Expected<ServedCatalog> served = makeServedCatalog(content.str());
    if (!served)
        return fail(served.error().withContext("loading catalog file " + path));
    return served;
}

}  // namespace yimen::platform
