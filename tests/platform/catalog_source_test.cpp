// Tests of platform/catalog_source.cpp and the seed catalog platform/seed/catalog.json.
#include "platform/catalog_source.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/field_validation.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;

namespace {

ServedCatalog seed() {
    Expected<ServedCatalog> served = loadCatalog("");
    REQUIRE(served.hasValue());
    return std::move(*served);
}

}  // namespace

TEST_CASE("the seed catalog offers the county's common items in four to five categories", "[catalog]") {
    const ServedCatalog served = seed();
    const Catalog& c = served.catalog;
    CHECK(c.items.size() >= 8);
    CHECK(c.categories.size() >= 4);
    CHECK(c.categories.size() <= 5);
    const std::map<std::string, std::string> required = {
        {"城乡居民基本养老保险参保登记", "CXJMJBYLBXCBDJ"},
        {"居住证明", "JZZM"},
        {"最低生活保障申请", "ZDSHBZSQ"},
        {"残疾人证申领", "CJRZSL"},
        {"新生儿医保参保登记", "XSEYBCBDJ"},
        {"个体工商户设立登记", "GTGSHSLDJ"},
        {"门诊慢特病待遇认定", "MZMTBDYRD"},
        {"临时救助申请", "LSJZSQ"},
    };
    for (const auto& [name, initials] : required) {
        INFO(name);
        const auto item =
            std::find_if(c.items.begin(), c.items.end(), [&](const Item& i) { return i.name == name; });
        REQUIRE(item != c.items.end());
        CHECK(item->initials == initials);
    }
    for (const Item& item : c.items) {
        INFO(item.id);
        CHECK_FALSE(item.department.empty());
        CHECK(item.timeLimitDays > 0);
        CHECK_FALSE(item.summary.empty());
        CHECK_FALSE(item.materials.empty());
        CHECK_FALSE(item.fields.empty());
        CHECK(item.initials.size() == utf8Length(item.name));
        CHECK(std::all_of(item.initials.begin(), item.initials.end(),
                          [](char ch) { return ch >= 'A' && ch <= 'Z'; }));
    }
}

TEST_CASE("the seed forms use all six field types and prefill the applicant's own card data", "[catalog]") {
    const ServedCatalog served = seed();
    std::set<FieldType> types;
    std::set<Prefill> prefills;
    bool optionalField = false, otherPersonsId = false, disabilityCategories = false;
    for (const Item& item : served.catalog.items) {
        for (const FieldSpec& f : item.fields) {
            types.insert(f.type);
            prefills.insert(f.prefill);
            optionalField |= !f.required;
            otherPersonsId |= f.type == FieldType::idNumber && f.prefill == Prefill::none;
            if (f.type == FieldType::choice)
                CHECK(f.options.size() >= 2);
            if (f.label == "残疾类别")
                disabilityCategories = f.options == std::vector<std::string>{"视力", "听力", "言语", "肢体",
                                                                             "智力", "精神", "多重"};
        }
    }
    CHECK(types.size() == 6);
    for (Prefill p : {Prefill::name, Prefill::idNumber, Prefill::address, Prefill::birthDate})
        CHECK(prefills.count(p) == 1);
    CHECK(optionalField);
    CHECK(otherPersonsId);
    CHECK(disabilityCategories);
}

TEST_CASE("the catalog version changes exactly when the content changes", "[catalog]") {
    const ServedCatalog served = seed();
    CHECK(served.version.size() == 16);
    CHECK(served.catalog.version == served.version);
    CHECK(nlohmann::json::parse(served.json)["version"] == served.version);

    nlohmann::json source = nlohmann::json::parse(seedCatalogJson());
    source["version"] = "whatever the file says";
    Expected<ServedCatalog> same = makeServedCatalog(source.dump(2));
    REQUIRE(same.hasValue());
    CHECK(same->version == served.version);

    source["items"][0]["timeLimitDays"] = 6;
    Expected<ServedCatalog> changed = makeServedCatalog(source.dump());
    REQUIRE(changed.hasValue());
    CHECK(changed->version != served.version);
}

TEST_CASE("a catalog file that is not a consistent catalog is refused with the reason", "[catalog]") {
    yimen::testing::TempDir dir;
    nlohmann::json source = nlohmann::json::parse(seedCatalogJson());
    source["items"][0]["category"] = "nowhere";
    { std::ofstream(dir / "bad.json") << source.dump(); }
    Expected<ServedCatalog> bad = loadCatalog(dir / "bad.json");
    REQUIRE_FALSE(bad.hasValue());
    CHECK(bad.error().code == ErrorCode::invalidInput);
    CHECK(bad.error().message.find("nowhere") != std::string::npos);

    Expected<ServedCatalog> missing = loadCatalog(dir / "missing.json");
    REQUIRE_FALSE(missing.hasValue());
    CHECK(missing.error().code == ErrorCode::io);

    CHECK_FALSE(makeServedCatalog("{\"categories\": [").hasValue());
}
