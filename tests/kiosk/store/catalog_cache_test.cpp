// Tests of kiosk/store/catalog_cache: the offline copy of the catalog.
#include "kiosk/store/catalog_cache.h"

#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

TEST_CASE("a terminal that never fetched the catalog has nothing cached", "[catalog_cache]") {
    StoreFixture store;
    CatalogCache cache(*store.db);
    auto loaded = cache.load();
    REQUIRE(loaded);
    CHECK_FALSE(loaded->has_value());
}

TEST_CASE("a saved catalog loads back with its ETag, body and time, also after a restart",
          "[catalog_cache]") {
    StoreFixture store;
    const CachedCatalog saved{"\"c-2026-11\"",
                              R"({"version":"2026-11","categories":[{"id":"c1","name":"社会保障"}]})",
                              1'800'000'000'000};
    REQUIRE(CatalogCache(*store.db).save(saved));
    store.reopen();
    auto loaded = CatalogCache(*store.db).load();
    REQUIRE(loaded);
    REQUIRE(loaded->has_value());
    CHECK((*loaded)->etag == saved.etag);
    CHECK((*loaded)->json == saved.json);
    CHECK((*loaded)->savedMs == saved.savedMs);
}

TEST_CASE("saving a newer catalog replaces the old one", "[catalog_cache]") {
    StoreFixture store;
    CatalogCache cache(*store.db);
    REQUIRE(cache.save({"\"v1\"", "{\"version\":\"1\"}", 1}));
    REQUIRE(cache.save({"\"v2\"", "{\"version\":\"2\"}", 2}));
    auto loaded = cache.load();
    REQUIRE(loaded);
    REQUIRE(loaded->has_value());
    CHECK((*loaded)->etag == "\"v2\"");
    CHECK((*loaded)->json == "{\"version\":\"2\"}");
}

TEST_CASE("a body that is not JSON is refused and the good cache stays", "[catalog_cache]") {
    StoreFixture store;
    CatalogCache cache(*store.db);
    REQUIRE(cache.save({"\"v1\"", "{\"version\":\"1\"}", 1}));
    for (const char* body : {"", "{\"version\":", "<html>502 Bad Gateway</html>"}) {
        auto saved = cache.save({"\"v2\"", body, 2});
        REQUIRE_FALSE(saved);
        CHECK(saved.error().code == ErrorCode::invalidInput);
    }
    auto loaded = cache.load();
    REQUIRE(loaded);
    REQUIRE(loaded->has_value());
    CHECK((*loaded)->etag == "\"v1\"");
}
