// Tests of platform/refused_application.cpp through the API: a receipt whose application the platform refused
// for good is shown to the citizen as refused, with the reason and what to do, and the record holds no
// personal data.
#include "platform/refused_application.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "platform/catalog_source.h"
#include "tests/platform/sample_application.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;
using nlohmann::json;

namespace {

constexpr const char* kCode = "246810";

// A platform database with kiosk-0001 as terminal 1, and its API on the seed catalog.
struct RefusingPlatform {
    TempDir dir;
    std::unique_ptr<ApplicationStore> store;
    std::optional<Api> api;

    RefusingPlatform() {
        Expected<std::unique_ptr<ApplicationStore>> s = ApplicationStore::open(dir / "platform.db");
        REQUIRE(s.hasValue());
        store = std::move(*s);
        REQUIRE(store->registerKiosk("kiosk-0001", 1).hasValue());
        Expected<ServedCatalog> catalog = loadCatalog("");
        REQUIRE(catalog.hasValue());
        REQUIRE(store->saveCatalog(catalog->version, catalog->json).hasValue());
        api.emplace(*store, std::move(*catalog));
    }

    ApiResponse create(const std::string& key, const std::string& body) const {
        return api->handle({"POST", "/api/v1/applications", {{"idempotency-key", key}}, body, "kiosk-0001"});
    }
    ApiResponse track(const std::string& receiptNo, const std::string& code) const {
        return api->handle(
            {"GET", "/api/v1/applications/" + receiptNo + "?code=" + code, {}, "", "kiosk-0001"});
    }
};

// Every value of every refusal row, as text.
std::string refusalRows(const std::string& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    std::string rows;
    auto collect = [](void* out, int columns, char** values, char**) {
        for (int i = 0; i < columns; ++i)
            *static_cast<std::string*>(out) += std::string(values[i] ? values[i] : "") + "|";
        return 0;
    };
    REQUIRE(sqlite3_exec(db, "SELECT * FROM refusals", collect, &rows, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    return rows;
}

}  // namespace

TEST_CASE(
    "a receipt whose application was refused for good tracks as refused, with the reason and what to do",
    "[refusal]") {
    RefusingPlatform platform;
    json body = sampleApplication(receiptNumber(7), kCode);
    body["itemId"] = "no-longer-offered";
    const ApiResponse refused = platform.create("key-refused-7", body.dump());
    REQUIRE(refused.status == 422);

    const ApiResponse tracked = platform.track(receiptNumber(7), kCode);
    REQUIRE(tracked.status == 200);
    const json status = json::parse(tracked.body);
    CHECK(status["receiptNo"] == receiptNumber(7));
    CHECK(status["status"] == "refused");
    CHECK(status["statusText"] == "未能提交");
    CHECK(status["itemId"] == "no-longer-offered");
    CHECK(status["submittedAt"] == body["submittedAt"]);
    REQUIRE(status["timeline"].size() == 1);
    CHECK(status["timeline"][0]["status"] == "refused");
    CHECK(status["timeline"][0]["note"] ==
          "该事项暂时不能办理，请重新选择。" + std::string(kRefusalNextStep));
    CHECK(status["refusal"]["code"] == "unknown_item");
    CHECK(status["refusal"]["message"] == "该事项暂时不能办理，请重新选择");
    CHECK(status["refusal"]["nextStep"] == kRefusalNextStep);
    CHECK_FALSE(status.contains("promisedBy"));  // nothing was promised: no department has it

    // Only with the receipt's own code, and the answer to another code is the unknown receipt's.
    const ApiResponse wrongCode = platform.track(receiptNumber(7), "135790");
    const ApiResponse unknown = platform.track(receiptNumber(8), kCode);
    CHECK(wrongCode.status == 404);
    CHECK(wrongCode.body == unknown.body);
}

TEST_CASE("a refused receipt of a known item shows the item, and a refusal over a conflict is kept as well",
          "[refusal]") {
    RefusingPlatform platform;
    REQUIRE(platform.create("key-first-9", sampleApplication(receiptNumber(9), "111111").dump()).status ==
            201);
    // The same receipt number again under another key: 409, and the citizen with this receipt's code sees it.
    const ApiResponse conflict =
        platform.create("key-second-9", sampleApplication(receiptNumber(9), kCode).dump());
    REQUIRE(conflict.status == 409);

    const json status = json::parse(platform.track(receiptNumber(9), kCode).body);
    CHECK(status["status"] == "refused");
    CHECK(status["itemName"] == "城乡居民基本养老保险参保登记");
    CHECK(status["department"] == "县人力资源和社会保障局");
    CHECK(status["refusal"]["code"] == "duplicate_receipt");
    // The stored application is still the one its own code shows.
    CHECK(json::parse(platform.track(receiptNumber(9), "111111").body)["status"] == "submitted");
}

TEST_CASE("an application stored after its refusal is shown instead of the refusal", "[refusal]") {
    RefusingPlatform platform;
    json invalid = sampleApplication(receiptNumber(12), kCode);
    invalid["itemId"] = "no-longer-offered";
    REQUIRE(platform.create("key-invalid-12", invalid.dump()).status == 422);
    REQUIRE(platform.create("key-valid-12", sampleApplication(receiptNumber(12), kCode).dump()).status ==
            201);
    CHECK(json::parse(platform.track(receiptNumber(12), kCode).body)["status"] == "submitted");
}

TEST_CASE("a refusal is recorded without personal data and the query code only as a hash", "[refusal]") {
    RefusingPlatform platform;
    json body = sampleApplication(receiptNumber(13), kCode);
    body["itemId"] = "no-longer-offered";
    REQUIRE(platform.create("key-refused-13", body.dump()).status == 422);

    const std::string rows = refusalRows(platform.dir / "platform.db");
    CHECK(rows.find(receiptNumber(13)) != std::string::npos);
    CHECK(rows.find("kiosk-0001") != std::string::npos);
    CHECK(rows.find(kCode) == std::string::npos);
    for (const auto& [field, value] : body["applicant"].items()) {
        INFO(field);
        if (value.is_string() && value.get<std::string>().size() > 2)
            CHECK(rows.find(value.get<std::string>()) == std::string::npos);
    }
}

TEST_CASE("nothing is recorded for a body without a receipt and code, or for an answer the kiosk retries",
          "[refusal]") {
    RefusingPlatform platform;
    CHECK(platform.create("key-malformed", "{not json").status == 400);
    json noCode = sampleApplication(receiptNumber(14), kCode);
    noCode.erase("queryCode");
    CHECK(platform.create("key-no-code-14", noCode.dump()).status == 422);
    CHECK(refusalRows(platform.dir / "platform.db").empty());
    CHECK(platform.track(receiptNumber(14), kCode).status == 404);

    // A 429 or 408 is not final for the kiosk: it will send the application again.
    for (const int status : {408, 429}) {
        ApiRequest request{"POST",
                           "/api/v1/applications",
                           {{"idempotency-key", "key-busy-15"}},
                           sampleApplication(receiptNumber(15), kCode).dump(),
                           "kiosk-0001"};
        const ApiResponse answer = recordIfRefused(*platform.store, request, {status, {}, "{}"});
        CHECK(answer.status == status);
    }
    CHECK(refusalRows(platform.dir / "platform.db").empty());
}
