// Tests for drivers/sim/sim_id_card_reader.cpp: the simulated ID-card reader and its identity file.
#include "drivers/sim/sim_id_card_reader.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "common/id_number.h"
#include "test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::sim;
using yimen::drivers::test::TempDir;

namespace {

const std::filesystem::path kShipped = YIMEN_SIM_IDENTITIES;

std::filesystem::path writeFile(const TempDir& dir, const std::string& name, const std::string& content) {
    const auto path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::string card(const std::string& overrides) {
    // A valid card; `overrides` replaces or adds fields, e.g. R"("sex": "男")".
    std::string fields =
        R"("name": "李建国", "sex": "男", "nation": "汉", "birthDate": "1972-11-03",)"
        R"( "address": "广西壮族自治区武鸣县双桥镇伏林村伏林屯27号", "idNumber": "450122197211031536",)"
        R"( "issuer": "武鸣县公安局", "validFrom": "2012-05-10", "validTo": "2032-05-10")";
    return "{\"identities\": [{" + fields + (overrides.empty() ? "" : ", " + overrides) + "}]}";
}

}  // namespace

TEST_CASE("shipped identities are three valid cards, one of them of a minority nationality") {
    auto ids = loadIdentities(kShipped);
    REQUIRE(ids.hasValue());
    REQUIRE(ids->size() == 3);
    bool minority = false;
    for (const Identity& id : *ids) {
        INFO(id.name);
        CHECK(checkIdNumber(id.idNumber) == IdNumberProblem::none);
        CHECK(id.kind == CardKind::resident);
        CHECK(id.address.rfind("广西壮族自治区", 0) == 0);
        minority = minority || id.nation != "汉";
    }
    CHECK(minority);
}

TEST_CASE("reader returns the inserted card and nothing once it is removed") {
    SimIdCardReader reader;
    REQUIRE(reader.load(kShipped).hasValue());
    CHECK(reader.identityCount() == 3);

    auto none = reader.readCard();
    REQUIRE(none.hasValue());
    CHECK_FALSE(none->has_value());

    REQUIRE(reader.insert(1).hasValue());
    auto read = reader.readCard();
    REQUIRE(read.hasValue());
    REQUIRE(read->has_value());
    CHECK((*read)->name == "李建国");
    CHECK((*read)->idNumber == "450122197211031536");

    reader.remove();
    CHECK_FALSE(reader.readCard()->has_value());
}

TEST_CASE("inserting a card that does not exist is refused") {
    SimIdCardReader reader;
    REQUIRE(reader.load(kShipped).hasValue());
    auto s = reader.insert(3);
    REQUIRE_FALSE(s.hasValue());
    CHECK(s.error().code == ErrorCode::notFound);
    CHECK_FALSE(reader.readCard()->has_value());
}

TEST_CASE("a reader fault is reported until it is cleared") {
    SimIdCardReader reader;
    REQUIRE(reader.load(kShipped).hasValue());
    REQUIRE(reader.insert(0).hasValue());
    reader.setFault(Error{ErrorCode::device, "card taken away mid-read"});
    auto faulty = reader.readCard();
    REQUIRE_FALSE(faulty.hasValue());
    CHECK(faulty.error().code == ErrorCode::device);
    reader.setFault(std::nullopt);
    auto read = reader.readCard();
    REQUIRE(read.hasValue());
    CHECK((*read)->name == "韦秀英");
}

TEST_CASE("bad identity files are refused with a clear error that names the card but no personal data") {
    TempDir dir;
    struct Case {
        const char* what;
        std::string content;
        const char* says;
    };
    const Case cases[] = {
        {"not JSON", "{\"identities\": [", "not valid JSON"},
        {"no list", "{\"people\": []}", "expected {\"identities\": [...]}"},
        {"empty list", "{\"identities\": []}", "no identities"},
        {"card not an object", "{\"identities\": [42]}", "card 1: not an object"},
        {"missing name", card(R"("name": "")"), "card 1: \"name\" is empty"},
        {"number not a string", card(R"("idNumber": 450122197211031536)"),
         "card 1: \"idNumber\" is not a string"},
        {"wrong check digit", card(R"("idNumber": "450122197211031535")"), "wrong check digit"},
        {"birth date disagrees", card(R"("birthDate": "1972-11-04")"),
         "\"idNumber\" and \"birthDate\" disagree"},
        {"sex disagrees", card(R"("sex": "女")"), "\"idNumber\" and \"sex\" disagree"},
        {"bad sex", card(R"("sex": "M")"), "\"sex\" must be"},
        {"bad date", card(R"("validFrom": "2012-13-01")"), "\"validFrom\" is not a YYYY-MM-DD date"},
        {"bad validity", card(R"("validTo": "forever")"), "\"validTo\" is neither"},
        {"unknown kind", card(R"("kind": "passport")"), "unknown \"kind\""},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        // The override duplicates a key; nlohmann keeps the last one, which is the one under test.
        auto ids = loadIdentities(writeFile(dir, "ids.json", c.content));
        REQUIRE_FALSE(ids.hasValue());
        CHECK(ids.error().code == ErrorCode::invalidInput);
        CHECK_THAT(ids.error().message, Catch::Contains(c.says));
        CHECK_THAT(ids.error().message, !Catch::Contains("45012219721103"));
        CHECK_THAT(ids.error().message, !Catch::Contains("李建国"));
    }
}

TEST_CASE("an unreadable identity file is an i/o error") {
    auto ids = loadIdentities("/nonexistent/identities.json");
    REQUIRE_FALSE(ids.hasValue());
    CHECK(ids.error().code == ErrorCode::io);
}

TEST_CASE("a failed load keeps the cards the reader had") {
    TempDir dir;
    SimIdCardReader reader;
    REQUIRE(reader.load(kShipped).hasValue());
    REQUIRE(reader.insert(2).hasValue());
    CHECK_FALSE(reader.load(writeFile(dir, "bad.json", "[]")).hasValue());
    CHECK(reader.identityCount() == 3);
    CHECK((*reader.readCard())->name == "黄小燕");
}

TEST_CASE("a card of another kind loads without the resident-only fields") {
    TempDir dir;
    const std::string permit =
        R"({"identities": [{"kind": "hkMacauTaiwanPermit", "name": "陈家明", "sex": "男",)"
        R"( "birthDate": "1990-01-01", "idNumber": "810000199001010019", "issuer": "南宁市公安局",)"
        R"( "validFrom": "2020-01-01", "validTo": "2025-01-01"}]})";
    auto ids = loadIdentities(writeFile(dir, "permit.json", permit));
    REQUIRE(ids.hasValue());
    CHECK(ids->at(0).kind == CardKind::hkMacauTaiwanPermit);
}
