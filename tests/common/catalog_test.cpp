// Tests for common/catalog: the catalog JSON of the API contract.
#include "common/catalog.h"

#include <catch2/catch.hpp>

using namespace yimen;

namespace {
const char* kCatalog = R"({"version":"v1","categories":[{"id":"social","name":"社会保障"}],
 "items":[{"id":"pension","name":"城乡居民基本养老保险参保登记","initials":"CXJMJBYLBXCBDJ","category":"social",
  "department":"县人力资源和社会保障局","timeLimitDays":5,"summary":"未参加职工养老保险的城乡居民",
  "materials":[{"name":"居民身份证","note":"原件"}],
  "fields":[{"id":"name","label":"姓名","type":"text","required":true,"prefill":"name","maxLength":20},
            {"id":"phone","label":"联系电话","type":"phone"},
            {"id":"income","label":"月收入","type":"text","keyboard":"latin"},
            {"id":"level","label":"缴费档次","type":"choice","required":false,"options":["200元","300元"]}]}]})";
}

TEST_CASE("a catalog parses with its items, materials and form fields", "[catalog]") {
    auto c = parseCatalog(kCatalog);
    REQUIRE(c);
    CHECK(c->version == "v1");
    const Item* item = c->item("pension");
    REQUIRE(item);
    CHECK(item->department == "县人力资源和社会保障局");
    CHECK(item->timeLimitDays == 5);
    REQUIRE(item->fields.size() == 4);
    CHECK(item->fields[0].prefill == Prefill::name);
    CHECK(item->fields[0].maxLength == 20);
    CHECK(item->fields[1].type == FieldType::phone);
    CHECK(item->fields[1].required);
    CHECK(item->fields[0].keyboard == Keyboard::chinese);
    CHECK(item->fields[2].keyboard == Keyboard::latin);
    CHECK_FALSE(item->fields[3].required);
    CHECK(c->itemsIn("social").size() == 1);
    CHECK(c->itemsIn("other").empty());
}

TEST_CASE("a catalog survives a round trip through JSON", "[catalog]") {
    auto c = parseCatalog(kCatalog);
    REQUIRE(c);
    auto again = parseCatalog(toJson(*c));
    REQUIRE(again);
    CHECK(toJson(*again) == toJson(*c));
    CHECK(again->item("pension")->fields[3].options.size() == 2);
    CHECK(again->item("pension")->fields[2].keyboard == Keyboard::latin);
}

TEST_CASE("a malformed catalog is refused with a message naming the bad element", "[catalog]") {
    auto notJson = parseCatalog("{not json");
    REQUIRE_FALSE(notJson);
    CHECK(notJson.error().code == ErrorCode::invalidInput);

    auto badType = parseCatalog(
        R"({"version":"v","items":[{"id":"x","name":"n","category":"c","department":"d",
        "fields":[{"id":"a","label":"l","type":"colour"}]}]})");
    REQUIRE_FALSE(badType);
    CHECK(badType.error().message.find("colour") != std::string::npos);

    auto choiceWithoutOptions = parseCatalog(
        R"({"version":"v","items":[{"id":"x","name":"n","category":"c","department":"d",
        "fields":[{"id":"a","label":"l","type":"choice"}]}]})");
    REQUIRE_FALSE(choiceWithoutOptions);

    auto missingName =
        parseCatalog(R"({"version":"v","items":[{"id":"x","category":"c","department":"d"}]})");
    REQUIRE_FALSE(missingName);
    CHECK(missingName.error().message.find("name") != std::string::npos);

    auto badKeyboard = parseCatalog(
        R"({"version":"v","items":[{"id":"x","name":"n","category":"c","department":"d",
        "fields":[{"id":"a","label":"l","type":"text","keyboard":"wubi"}]}]})");
    REQUIRE_FALSE(badKeyboard);
    CHECK(badKeyboard.error().message.find("wubi") != std::string::npos);

    CHECK_FALSE(parseCatalog(R"([1,2,3])"));
    CHECK_FALSE(parseCatalog(R"({"version":3})"));
}
