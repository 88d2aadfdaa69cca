// Tests of platform/api.cpp without the HTTP plumbing: what a kiosk gets back for what it sends, judged by
// the rules and the day it was made under, and bound to the kiosk that owns the receipt.
#include "platform/api.h"

#include <chrono>

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

ServedCatalog seedCatalog() {
    Expected<ServedCatalog> c = loadCatalog("");
    REQUIRE(c.hasValue());
    return std::move(*c);
}

// The seed catalog after a revision that drops the 300元 level of pension-enrolment, which the sample
// application chose.
ServedCatalog revisedCatalog() {
    json source = json::parse(seedCatalogJson());
    for (json& item : source["items"])
        if (item["id"] == "pension-enrolment")
            for (json& field : item["fields"])
                if (field["id"] == "payLevel") {
                    json kept = json::array();
                    for (const json& option : field["options"])
                        if (option != "300元")
                            kept.push_back(option);
                    field["options"] = kept;
                }
    Expected<ServedCatalog> c = makeServedCatalog(source.dump());
    REQUIRE(c.hasValue());
    return std::move(*c);
}

std::chrono::system_clock::time_point utc(const char* iso) {
    std::tm tm{};
    REQUIRE(strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) != nullptr);
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// A platform database with kiosk-0001 as terminal 1 and kiosk-0002 as terminal 2, and the catalogs it served.
struct Platform {
    TempDir dir;
    std::unique_ptr<ApplicationStore> store;
    std::chrono::system_clock::time_point now = utc("2026-11-29T06:30:00Z");

    Platform() {
        Expected<std::unique_ptr<ApplicationStore>> s = ApplicationStore::open(dir / "platform.db");
        REQUIRE(s.hasValue());
        store = std::move(*s);
        REQUIRE(store->registerKiosk("kiosk-0001", 1).hasValue());
        REQUIRE(store->registerKiosk("kiosk-0002", 2).hasValue());
    }

    // The API serving `catalog` (recorded in the database as the server does), on this platform's clock.
    Api api(const ServedCatalog& catalog) {
        REQUIRE(store->saveCatalog(catalog.version, catalog.json).hasValue());
        return Api(*store, catalog, [this] { return now; });
    }
};

ApiResponse post(const Api& api, const std::string& path, const std::string& key, const json& body,
                 const std::string& kiosk = "kiosk-0001") {
    ApiRequest request;
    request.method = "POST";
    request.target = path;
    request.headers["idempotency-key"] = key;
    request.body = body.dump();
    request.kioskId = kiosk;
    return api.handle(request);
}

ApiResponse get(const Api& api, const std::string& target, const std::string& kiosk = "kiosk-0001") {
    ApiRequest request;
    request.method = "GET";
    request.target = target;
    request.kioskId = kiosk;
    return api.handle(request);
}

std::string header(const ApiResponse& response, const std::string& name) {
    for (const auto& [n, value] : response.headers)
        if (n == name)
            return value;
    return {};
}

std::string errorCode(const ApiResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    return body.contains("error") ? body["error"].value("code", "") : "";
}

std::string errorField(const ApiResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    return body.contains("error") ? body["error"].value("field", "") : "";
}

}  // namespace

TEST_CASE("a replay is answered from the stored answer even after the catalog was revised", "[api]") {
    Platform platform;
    const json body = sampleApplication(receiptNumber(1));
    const ApiResponse created =
        post(platform.api(seedCatalog()), "/api/v1/applications", "key-replay-1", body);
    REQUIRE(created.status == 201);

    // The platform restarts with a catalog under which the stored body would no longer validate.
    const Api revised = platform.api(revisedCatalog());
    const ApiResponse fresh =
        post(revised, "/api/v1/applications", "key-replay-2", sampleApplication(receiptNumber(2)));
    REQUIRE(fresh.status == 422);
    CHECK(errorField(fresh) == "payLevel");

    const ApiResponse replayed = post(revised, "/api/v1/applications", "key-replay-1", body);
    CHECK(replayed.status == 200);
    CHECK(header(replayed, kReplayedHeader) == "true");
    CHECK(replayed.body == created.body);
    CHECK(*platform.store->applicationCount() == 1);
}

TEST_CASE("a new application is judged by the catalog version it names while the platform has it", "[api]") {
    Platform platform;
    const ServedCatalog seed = seedCatalog();
    (void)platform.api(seed);
    const Api revised = platform.api(revisedCatalog());

    json madeUnderSeed = sampleApplication(receiptNumber(1));
    madeUnderSeed["catalogVersion"] = seed.version;
    CHECK(post(revised, "/api/v1/applications", "key-version-1", madeUnderSeed).status == 201);

    json unknownVersion = sampleApplication(receiptNumber(2));
    unknownVersion["catalogVersion"] = "0000000000000000";
    const ApiResponse current = post(revised, "/api/v1/applications", "key-version-2", unknownVersion);
    CHECK(current.status == 422);
    CHECK(errorField(current) == "payLevel");

    json wrongType = sampleApplication(receiptNumber(3));
    wrongType["catalogVersion"] = 7;
    CHECK(errorField(post(revised, "/api/v1/applications", "key-version-3", wrongType)) == "catalogVersion");
}

TEST_CASE("a date of today in China is accepted while it is still yesterday in UTC", "[api]") {
    Platform platform;
    platform.now = utc("2031-03-01T16:30:00Z");  // 2031-03-02 00:30 in Beijing
    const Api api = platform.api(seedCatalog());

    json today = sampleApplication(receiptNumber(1));
    today["utcOffsetMinutes"] = 480;
    today["answers"]["birthDate"] = "2031-03-02";
    const ApiResponse accepted = post(api, "/api/v1/applications", "key-date-0001", today);
    CHECK(accepted.status == 201);

    json tomorrow = sampleApplication(receiptNumber(2));
    tomorrow["utcOffsetMinutes"] = 480;
    tomorrow["answers"]["birthDate"] = "2031-03-03";
    const ApiResponse refused = post(api, "/api/v1/applications", "key-date-0002", tomorrow);
    CHECK(refused.status == 422);
    CHECK(errorField(refused) == "birthDate");

    json outOfRange = sampleApplication(receiptNumber(3));
    outOfRange["utcOffsetMinutes"] = 100000;
    CHECK(errorField(post(api, "/api/v1/applications", "key-date-0003", outOfRange)) == "utcOffsetMinutes");
}

TEST_CASE("without the kiosk's offset a date is allowed one day of tolerance", "[api]") {
    Platform platform;
    platform.now = utc("2031-03-01T16:30:00Z");
    const Api api = platform.api(seedCatalog());

    json nextUtcDay = sampleApplication(receiptNumber(1));
    nextUtcDay["answers"]["birthDate"] = "2031-03-02";
    CHECK(post(api, "/api/v1/applications", "key-tolerance-1", nextUtcDay).status == 201);

    json twoDaysAhead = sampleApplication(receiptNumber(2));
    twoDaysAhead["answers"]["birthDate"] = "2031-03-03";
    CHECK(post(api, "/api/v1/applications", "key-tolerance-2", twoDaysAhead).status == 422);
}

TEST_CASE("write answers carry the idempotency key in the body and in a header, also when replayed",
          "[api]") {
    Platform platform;
    const Api api = platform.api(seedCatalog());
    const json body = sampleApplication(receiptNumber(1));

    const ApiResponse created = post(api, "/api/v1/applications", "key-echo-0001", body);
    REQUIRE(created.status == 201);
    CHECK(header(created, kIdempotencyKeyHeader) == "key-echo-0001");
    const json answer = json::parse(created.body);
    CHECK(answer["idempotencyKey"] == "key-echo-0001");
    CHECK(answer["receiptNo"] == receiptNumber(1));

    const ApiResponse replayed = post(api, "/api/v1/applications", "key-echo-0001", body);
    CHECK(replayed.status == 200);
    CHECK(header(replayed, kIdempotencyKeyHeader) == "key-echo-0001");

    const ApiResponse rating = post(api, "/api/v1/ratings", "key-echo-0002", sampleRating(receiptNumber(1)));
    REQUIRE(rating.status == 201);
    CHECK(header(rating, kIdempotencyKeyHeader) == "key-echo-0002");
    CHECK(json::parse(rating.body)["idempotencyKey"] == "key-echo-0002");
    CHECK(header(post(api, "/api/v1/ratings", "key-echo-0002", sampleRating(receiptNumber(1))),
                 kIdempotencyKeyHeader) == "key-echo-0002");
}

TEST_CASE("a receipt number belongs to the kiosk whose terminal it names", "[api]") {
    Platform platform;
    const Api api = platform.api(seedCatalog());
    const json body = sampleApplication(receiptNumber(1));  // terminal 1

    const ApiResponse stolen = post(api, "/api/v1/applications", "key-other-kiosk", body, "kiosk-0002");
    CHECK(stolen.status == 403);
    CHECK(errorCode(stolen) == "receipt_not_yours");
    CHECK(*platform.store->applicationCount() == 0);

    // The owner's own submission is not blocked by the attempt.
    CHECK(post(api, "/api/v1/applications", "key-owner-kiosk", body).status == 201);

    json shapeless = sampleApplication("YM0001");
    CHECK(errorCode(post(api, "/api/v1/applications", "key-shapeless", shapeless)) == "invalid_receipt_no");
}

TEST_CASE("a certificate of our CA that is not in the kiosk registry cannot write", "[api]") {
    Platform platform;
    const Api api = platform.api(seedCatalog());
    const ApiResponse application = post(api, "/api/v1/applications", "key-unregistered",
                                         sampleApplication(receiptNumber(1, 3)), "kiosk-0003");
    CHECK(application.status == 403);
    CHECK(errorCode(application) == "kiosk_not_registered");
    const ApiResponse rating =
        post(api, "/api/v1/ratings", "key-unregistered", sampleRating(""), "kiosk-0003");
    CHECK(rating.status == 403);
    CHECK(get(api, "/api/v1/kiosks/self/receipts?day=261129", "kiosk-0003").status == 403);
    CHECK(*platform.store->applicationCount() == 0);
}

TEST_CASE("a kiosk learns the last receipt sequence the platform holds for one of its days", "[api]") {
    Platform platform;
    const Api api = platform.api(seedCatalog());
    for (const char* receipt : {"YM00012611290003", "YM00012611290007", "YM00012611300009"})
        REQUIRE(post(api, "/api/v1/applications", std::string("key-") + receipt, sampleApplication(receipt))
                    .status == 201);
    REQUIRE(post(api, "/api/v1/applications", "key-YM00022611290011", sampleApplication("YM00022611290011"),
                 "kiosk-0002")
                .status == 201);

    const ApiResponse day = get(api, "/api/v1/kiosks/self/receipts?day=261129");
    REQUIRE(day.status == 200);
    CHECK(json::parse(day.body) == json{{"terminalNumber", 1}, {"day", "261129"}, {"lastSequence", 7}});
    CHECK(json::parse(
              get(api, "/api/v1/kiosks/self/receipts?day=261129", "kiosk-0002").body)["lastSequence"] == 11);
    CHECK(json::parse(get(api, "/api/v1/kiosks/self/receipts?day=261201").body)["lastSequence"] == 0);

    for (const char* bad : {"", "?day=", "?day=2611291", "?day=26112a", "?day=261331", "?dy=261129"}) {
        const ApiResponse refused = get(api, std::string("/api/v1/kiosks/self/receipts") + bad);
        CHECK(refused.status == 422);
        CHECK(errorField(refused) == "day");
    }
    CHECK(post(api, "/api/v1/kiosks/self/receipts?day=261129", "key-method", json::object()).status == 405);
}

TEST_CASE("the tracking API still answers for an application whose personal fields were purged", "[api]") {
    Platform platform;
    const Api api = platform.api(seedCatalog());
    REQUIRE(post(api, "/api/v1/applications", "key-purged-1", sampleApplication(receiptNumber(1), "246810"))
                .status == 201);
    REQUIRE(platform.store->advance(receiptNumber(1), "rejected", "不在本县户籍").hasValue());
    const auto later = std::chrono::system_clock::now() + std::chrono::hours(24 * 200);
    REQUIRE(*platform.store->purgePersonalData(later, 180) == 1);

    const ApiResponse tracked = get(api, "/api/v1/applications/" + receiptNumber(1) + "?code=246810");
    REQUIRE(tracked.status == 200);
    const json status = json::parse(tracked.body);
    CHECK(status["status"] == "rejected");
    CHECK(status["itemId"] == "pension-enrolment");
    REQUIRE(status["timeline"].size() == 2);
    CHECK(status["timeline"][1]["note"] == "不在本县户籍");
}
