// Tests of tracking an application through platform/api.cpp (GET /api/v1/applications/{receiptNo}): the
// promised day, who took each step, what to do after a rejection, and the throttling of guessed query codes.
#include <chrono>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "platform/api.h"
#include "platform/catalog_source.h"
#include "tests/platform/sample_application.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A platform with kiosk-0001 (terminal 1) and kiosk-0002 (terminal 2) serving `catalog`, on a wall clock of
// 2026-11-29 and a steady clock the test moves.
struct TrackingPlatform {
    TempDir dir;
    std::unique_ptr<ApplicationStore> store;
    std::chrono::steady_clock::time_point steadyNow{std::chrono::hours(1000)};
    std::unique_ptr<Api> api;

    explicit TrackingPlatform(const std::string& catalogJson = std::string(seedCatalogJson())) {
        Expected<std::unique_ptr<ApplicationStore>> s = ApplicationStore::open(dir / "platform.db");
        REQUIRE(s.hasValue());
        store = std::move(*s);
        REQUIRE(store->registerKiosk("kiosk-0001", 1).hasValue());
        REQUIRE(store->registerKiosk("kiosk-0002", 2).hasValue());
        serve(catalogJson);
    }

    // Restarts the API on `catalogJson` (the throttle starts empty, as after a restart).
    void serve(const std::string& catalogJson) {
        Expected<ServedCatalog> catalog = makeServedCatalog(catalogJson);
        REQUIRE(catalog.hasValue());
        REQUIRE(store->saveCatalog(catalog->version, catalog->json).hasValue());
        const auto wallNow = std::chrono::system_clock::from_time_t(1795933800);  // 2026-11-29T06:30:00Z
        api = std::make_unique<Api>(
            *store, std::move(*catalog), [wallNow] { return wallNow; }, [this] { return steadyNow; });
    }

    // Submits the sample application under `receiptNo` (of kiosk-0001) with `submittedAt`.
    void submit(const std::string& receiptNo, const std::string& submittedAt = "2026-11-29T06:30:00Z") {
        json body = sampleApplication(receiptNo, "123456");
        body["submittedAt"] = submittedAt;
        ApiRequest request{"POST",
                           "/api/v1/applications",
                           {{"idempotency-key", "key-" + receiptNo}},
                           body.dump(),
                           "kiosk-0001"};
        REQUIRE(api->handle(request).status == 201);
    }

    ApiResponse track(const std::string& receiptNo, const std::string& code,
                      const std::string& kiosk = "kiosk-0001") const {
        return api->handle({"GET", "/api/v1/applications/" + receiptNo + "?code=" + code, {}, {}, kiosk});
    }
};

std::string header(const ApiResponse& response, const std::string& name) {
    for (const auto& [n, value] : response.headers)
        if (n == name)
            return value;
    return {};
}

json errorOf(const ApiResponse& response) {
    const json body = json::parse(response.body);
    REQUIRE(body.contains("error"));
    return body["error"];
}

// The seed catalog without pension-enrolment, the item of the sample application.
std::string catalogWithoutPension() {
    json source = json::parse(seedCatalogJson());
    json kept = json::array();
    for (const json& item : source["items"])
        if (item["id"] != "pension-enrolment")
            kept.push_back(item);
    source["items"] = kept;
    return source.dump();
}

}  // namespace

TEST_CASE("the status promises the day the item's working days end, skipping the weekend", "[tracking]") {
    TrackingPlatform platform;
    // Friday 2026-11-27, 16:00 in China; pension-enrolment promises 5 working days: Mon 30 to Fri 4.
    platform.submit(receiptNumber(1), "2026-11-27T08:00:00Z");
    const ApiResponse r = platform.track(receiptNumber(1), "123456");
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["promisedBy"] == "2026-12-04");

    // Submitted at 01:00 on Saturday in China (still Friday in UTC): the count starts on the Monday all the
    // same.
    platform.submit(receiptNumber(2), "2026-11-27T17:00:00Z");
    CHECK(json::parse(platform.track(receiptNumber(2), "123456").body)["promisedBy"] == "2026-12-04");
    // Friday 07:59 in China is Thursday in UTC: the count starts on the Friday's next working day, Monday.
    platform.submit(receiptNumber(3), "2026-11-26T23:59:00Z");
    CHECK(json::parse(platform.track(receiptNumber(3), "123456").body)["promisedBy"] == "2026-12-04");
}

TEST_CASE("no promised day for an item the platform no longer serves", "[tracking]") {
    TrackingPlatform platform;
    platform.submit(receiptNumber(1));
    platform.serve(catalogWithoutPension());
    const ApiResponse r = platform.track(receiptNumber(1), "123456");
    REQUIRE(r.status == 200);
    const json status = json::parse(r.body);
    CHECK(status["itemName"] == "城乡居民基本养老保险参保登记");
    CHECK_FALSE(status.contains("promisedBy"));
}

TEST_CASE("each step after the submission names the department, and a rejection says what to do next",
          "[tracking]") {
    TrackingPlatform platform;
    platform.submit(receiptNumber(1));
    REQUIRE(platform.store->advance(receiptNumber(1), "accepted").hasValue());
    REQUIRE(platform.store->advance(receiptNumber(1), "rejected", "缴费档次与户籍地政策不符").hasValue());

    const ApiResponse r = platform.track(receiptNumber(1), "123456");
    REQUIRE(r.status == 200);
    const json status = json::parse(r.body);
    CHECK(status["status"] == "rejected");
    CHECK(status["promisedBy"] == "2026-12-04");
    const json& timeline = status["timeline"];
    REQUIRE(timeline.size() == 3);
    CHECK(timeline[0]["status"] == "submitted");
    CHECK_FALSE(timeline[0].contains("department"));  // the kiosk's own step
    CHECK_FALSE(timeline[0].contains("nextStep"));
    CHECK(timeline[1]["status"] == "accepted");
    CHECK(timeline[1]["department"] == "县人力资源和社会保障局");
    CHECK_FALSE(timeline[1].contains("nextStep"));
    CHECK(timeline[2]["status"] == "rejected");
    CHECK(timeline[2]["department"] == "县人力资源和社会保障局");
    CHECK(timeline[2]["note"] == "缴费档次与户籍地政策不符");
    CHECK(timeline[2]["nextStep"] == "请按驳回原因补齐材料后重新申请，或到政务服务中心窗口咨询");
}

TEST_CASE("after five wrong codes even the right code gets 429 with Retry-After", "[tracking][throttle]") {
    TrackingPlatform platform;
    platform.submit(receiptNumber(1));
    // A right code before the limit answers, and does not reset the count.
    for (const char* code : {"000001", "000002", "123456", "000003", "000004", "000005"}) {
        const ApiResponse r = platform.track(receiptNumber(1), code);
        CHECK(r.status == (std::string(code) == "123456" ? 200 : 404));
        platform.steadyNow += 1min;
    }
    const ApiResponse refused = platform.track(receiptNumber(1), "123456");
    CHECK(refused.status == 429);
    CHECK(errorOf(refused)["code"] == "too_many_attempts");
    // The first wrong code was 6 minutes ago: 9 minutes to wait.
    CHECK(header(refused, "Retry-After") == "540");
    CHECK(errorOf(refused)["message"] == "查询次数过多，请9分钟后再试");
    // The same from another kiosk: the receipt is what is being guessed.
    CHECK(platform.track(receiptNumber(1), "123456", "kiosk-0002").status == 429);
    // A 429 is not a failure: waiting as told is enough.
    platform.steadyNow += 540s;
    CHECK(platform.track(receiptNumber(1), "123456").status == 200);
}

TEST_CASE("after the window the throttled receipt answers again", "[tracking][throttle]") {
    TrackingPlatform platform;
    platform.submit(receiptNumber(1));
    for (int i = 0; i < kFailedLookupsPerReceipt; ++i)
        REQUIRE(platform.track(receiptNumber(1), "654321").status == 404);
    const ApiResponse refused = platform.track(receiptNumber(1), "123456");
    REQUIRE(refused.status == 429);
    CHECK(header(refused, "Retry-After") == "900");
    CHECK(errorOf(refused)["message"] == "查询次数过多，请15分钟后再试");
    platform.steadyNow += kLookupWindow - 1s;
    CHECK(platform.track(receiptNumber(1), "123456").status == 429);
    platform.steadyNow += 1s;
    CHECK(platform.track(receiptNumber(1), "123456").status == 200);
}

TEST_CASE("another receipt from the same kiosk answers until the kiosk's limit", "[tracking][throttle]") {
    TrackingPlatform platform;
    platform.submit(receiptNumber(1));
    platform.submit(receiptNumber(2));
    for (int i = 0; i < kFailedLookupsPerReceipt; ++i)
        REQUIRE(platform.track(receiptNumber(1), "654321").status == 404);
    REQUIRE(platform.track(receiptNumber(1), "123456").status == 429);
    CHECK(platform.track(receiptNumber(2), "123456").status == 200);

    // Unknown receipts count against the kiosk like wrong codes; a malformed one too.
    int failed = kFailedLookupsPerReceipt;
    CHECK(platform.track("not-a-receipt", "123456").status == 404);
    ++failed;
    for (long long n = 100; failed < kFailedLookupsPerKiosk; ++n, ++failed) {
        REQUIRE(platform.track(receiptNumber(2), "123456").status == 200);
        REQUIRE(platform.track(receiptNumber(n), "123456").status == 404);
    }
    const ApiResponse refused = platform.track(receiptNumber(2), "123456");
    CHECK(refused.status == 429);
    CHECK(errorOf(refused)["code"] == "too_many_attempts");
    CHECK_FALSE(header(refused, "Retry-After").empty());
    // Another kiosk still tracks the same receipt.
    CHECK(platform.track(receiptNumber(2), "123456", "kiosk-0002").status == 200);
}
