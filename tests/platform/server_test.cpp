// Tests of platform/server.cpp and platform/api.cpp: the v1 API as a kiosk sees it, over real mutual TLS.
#include "platform/server.h"

#include <atomic>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "common/id_number.h"

#include "platform/application_store.h"
#include "platform/pki.h"
#include "tests/platform/sample_application.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/platform/tls_test_client.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;
using nlohmann::json;

namespace {

// A platform serving on a free port from a fresh state directory.
class RunningPlatform {
public:
    // With kiosk-0001 enrolled as terminal 1.
    RunningPlatform() {
        start();
        enrol("kiosk-0001", 1);
    }
    void enrol(const std::string& kiosk, int terminal) const {
        enrolKiosk(stateDir(), dir_ / "kiosks", kiosk, terminal);
    }

    void start() {
        Expected<std::unique_ptr<Server>> started = Server::start({.stateDir = stateDir()});
        REQUIRE(started.hasValue());
        server_ = std::move(*started);
    }
    void restart() {
        server_->stop();
        server_.reset();
        start();
    }

    std::string stateDir() const { return dir_ / "state"; }
    std::string pki(const std::string& file) const { return stateDir() + "/pki/" + file; }
    unsigned short port() const { return server_->port(); }

    TestTls kioskTls(const std::string& kiosk = "kiosk-0001") const {
        return {pki("ca.crt"), dir_ / ("kiosks/" + kiosk + ".crt"), dir_ / ("kiosks/" + kiosk + ".key")};
    }
    std::unique_ptr<TlsTestClient> client(const std::string& kiosk = "kiosk-0001") const {
        return std::make_unique<TlsTestClient>(port(), kioskTls(kiosk));
    }
    std::unique_ptr<ApplicationStore> store() const {
        Expected<std::unique_ptr<ApplicationStore>> s = ApplicationStore::open(databasePath(stateDir()));
        REQUIRE(s.hasValue());
        return std::move(*s);
    }
    const TempDir& dir() const { return dir_; }

private:
    TempDir dir_;
    std::unique_ptr<Server> server_;
};

TestResponse post(TlsTestClient& client, const std::string& target, const std::string& key,
                  const json& body) {
    Expected<TestResponse> r = client.send("POST", target, body.dump(), {{"Idempotency-Key", key}});
    REQUIRE(r.hasValue());
    return *r;
}

TestResponse get(TlsTestClient& client, const std::string& target,
                 const std::map<std::string, std::string>& headers = {}) {
    Expected<TestResponse> r = client.send("GET", target, "", headers);
    REQUIRE(r.hasValue());
    return *r;
}

json errorOf(const TestResponse& r) {
    const json body = json::parse(r.body);
    REQUIRE(body.contains("error"));
    return body["error"];
}

std::string fileContent(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::int64_t applicationCount(const RunningPlatform& platform) {
    Expected<std::int64_t> n = platform.store()->applicationCount();
    REQUIRE(n.hasValue());
    return *n;
}

}  // namespace

TEST_CASE("the platform creates its PKI on first start and keeps the same CA after a restart", "[server]") {
    RunningPlatform platform;
    for (const char* file :
         {"ca.crt", "../root-ca/ca.key", "issuing.crt", "issuing.key", "server.crt", "server.key"})
        CHECK_FALSE(fileContent(platform.pki(file)).empty());
    const std::string ca = fileContent(platform.pki("ca.crt"));

    platform.restart();
    CHECK(fileContent(platform.pki("ca.crt")) == ca);
    auto client = platform.client();
    CHECK(get(*client, "/api/v1/catalog").status == 200);
}

TEST_CASE("the catalog is served with an ETag, and a matching If-None-Match gets 304 with no body",
          "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    const TestResponse first = get(*client, "/api/v1/catalog");
    REQUIRE(first.status == 200);
    CHECK(first.header("content-type") == "application/json; charset=utf-8");
    const json catalog = json::parse(first.body);
    const std::string etag = first.header("etag");
    CHECK(etag == "\"" + catalog["version"].get<std::string>() + "\"");
    CHECK(catalog["items"].size() >= 8);

    const TestResponse again = get(*client, "/api/v1/catalog", {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("etag") == etag);

    const TestResponse stale = get(*client, "/api/v1/catalog", {{"If-None-Match", "\"0000000000000000\""}});
    CHECK(stale.status == 200);
    CHECK(stale.body == first.body);
}

TEST_CASE("a new application is created once: 201, and the same request again replays 200 with the same body",
          "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    const json body = sampleApplication(receiptNumber(1));

    const TestResponse created = post(*client, "/api/v1/applications", "key-00000001", body);
    REQUIRE(created.status == 201);
    CHECK(created.header("idempotency-replayed").empty());
    const json answer = json::parse(created.body);
    CHECK(answer["receiptNo"] == receiptNumber(1));
    CHECK(answer["status"] == "submitted");
    CHECK(answer["statusText"] == "已提交");
    CHECK(answer["applicationId"].get<std::string>().rfind('A', 0) == 0);
    CHECK(answer["createdAt"].get<std::string>().back() == 'Z');

    const TestResponse replayed = post(*client, "/api/v1/applications", "key-00000001", body);
    CHECK(replayed.status == 200);
    CHECK(replayed.header("idempotency-replayed") == "true");
    CHECK(replayed.body == created.body);
    CHECK(applicationCount(platform) == 1);
}

TEST_CASE("the platform stores what the kiosk sent and which kiosk sent it", "[server]") {
    RunningPlatform platform;
    platform.enrol("kiosk-0002", 2);
    auto client = platform.client("kiosk-0002");
    const json body = sampleApplication(receiptNumber(2, 2), "654321");
    REQUIRE(post(*client, "/api/v1/applications", "key-00000002", body).status == 201);

    Expected<StoredApplication> stored = platform.store()->application(receiptNumber(2, 2));
    REQUIRE(stored.hasValue());
    CHECK(stored->kioskId == "kiosk-0002");
    CHECK(stored->itemId == "pension-enrolment");
    CHECK(stored->queryCode == "654321");
    CHECK(stored->applicant.at("idNumber") == validIdNumber());
    CHECK(stored->applicant.at("name") == "张三");
    CHECK(stored->answers.at("payLevel") == "300元");
    CHECK(stored->answers.size() == body["answers"].size());
}

TEST_CASE("simultaneous requests with the same idempotency key create one application", "[server]") {
    RunningPlatform platform;
    const std::string body = sampleApplication(receiptNumber(3)).dump();
    constexpr int kClients = 6;
    std::vector<TestResponse> responses(kClients);
    std::vector<std::unique_ptr<TlsTestClient>> clients;
    for (int i = 0; i < kClients; ++i) clients.push_back(platform.client());
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < kClients) std::this_thread::yield();
            Expected<TestResponse> r = clients[i]->send("POST", "/api/v1/applications", body,
                                                        {{"Idempotency-Key", "same-key-0003"}});
            if (r)
                responses[i] = *r;
        });
    }
    for (std::thread& t : threads) t.join();

    int created = 0, replayed = 0;
    std::set<std::string> bodies;
    for (const TestResponse& r : responses) {
        created += r.status == 201;
        replayed += r.status == 200 && r.header("idempotency-replayed") == "true";
        bodies.insert(r.body);
    }
    CHECK(created == 1);
    CHECK(replayed == kClients - 1);
    CHECK(bodies.size() == 1);
    CHECK(applicationCount(platform) == 1);
}

TEST_CASE("reusing an idempotency key for a different body is refused with 409", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000004", sampleApplication(receiptNumber(4))).status ==
        201);
    json changed = sampleApplication(receiptNumber(4));
    changed["answers"]["payLevel"] = "500元";
    const TestResponse r = post(*client, "/api/v1/applications", "key-00000004", changed);
    CHECK(r.status == 409);
    CHECK(errorOf(r)["code"] == "idempotency_key_reused");
    CHECK(applicationCount(platform) == 1);
}

TEST_CASE("a receipt number already held by another application is refused with 409", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000005", sampleApplication(receiptNumber(5))).status ==
        201);
    const TestResponse r =
        post(*client, "/api/v1/applications", "key-00000006", sampleApplication(receiptNumber(5)));
    CHECK(r.status == 409);
    CHECK(errorOf(r)["code"] == "duplicate_receipt");
    CHECK(applicationCount(platform) == 1);
}

TEST_CASE("a write without a valid idempotency key is refused with 400", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    const std::string body = sampleApplication(receiptNumber(7)).dump();
    for (const std::string& key :
         {std::string(), std::string("short"), std::string("has space in it"), std::string(129, 'k')}) {
        std::map<std::string, std::string> headers;
        if (!key.empty())
            headers["Idempotency-Key"] = key;
        Expected<TestResponse> r = client->send("POST", "/api/v1/applications", body, headers);
        REQUIRE(r.hasValue());
        CHECK(r->status == 400);
        CHECK(errorOf(*r)["code"] == "missing_idempotency_key");
    }
    CHECK(applicationCount(platform) == 0);
}

TEST_CASE("an invalid application gets 422 naming the field at fault", "[server]") {
    struct Case {
        const char* what;
        std::function<void(json&)> spoil;
        const char* code;
        const char* field;
    };
    const std::vector<Case> cases = {
        {"a phone number that is not a mobile number", [](json& b) { b["answers"]["phone"] = "12345"; },
         "validation_failed", "phone"},
        {"a required field left out", [](json& b) { b["answers"].erase("payLevel"); }, "validation_failed",
         "payLevel"},
        {"a required field left empty", [](json& b) { b["answers"]["address"] = ""; }, "validation_failed",
         "address"},
        {"an applicant ID number with a wrong check digit",
         [](json& b) {
             std::string id = validIdNumber();
             id.back() = id.back() == '0' ? '1' : '0';
             b["applicant"]["idNumber"] = id;
         },
         "validation_failed", "applicant.idNumber"},
        {"a date that does not exist", [](json& b) { b["answers"]["birthDate"] = "1980-02-30"; },
         "validation_failed", "birthDate"},
        {"a choice that is not one of the options", [](json& b) { b["answers"]["payLevel"] = "250元"; },
         "validation_failed", "payLevel"},
        {"an answer for a field the item does not have",
         [](json& b) { b["answers"]["favouriteColour"] = "红"; }, "unknown_field", "favouriteColour"},
        {"an item that is not in the catalog", [](json& b) { b["itemId"] = "moon-landing-permit"; },
         "unknown_item", "itemId"},
        {"a receipt number with lower-case letters", [](json& b) { b["receiptNo"] = "ym0001"; },
         "invalid_receipt_no", "receiptNo"},
        {"a query code of five digits", [](json& b) { b["queryCode"] = "12345"; }, "invalid_query_code",
         "queryCode"},
    };
    RunningPlatform platform;
    auto client = platform.client();
    int n = 100;
    for (const Case& c : cases) {
        SECTION(c.what) {
            json body = sampleApplication(receiptNumber(++n));
            c.spoil(body);
            const TestResponse r =
                post(*client, "/api/v1/applications", "key-" + std::to_string(1000 + n), body);
            CHECK(r.status == 422);
            const json error = errorOf(r);
            CHECK(error["code"] == c.code);
            CHECK(error["field"] == c.field);
            CHECK_FALSE(error["message"].get<std::string>().empty());
            CHECK(applicationCount(platform) == 0);
        }
    }
}

TEST_CASE("the validation message is the one the kiosk shows for the same field", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    json body = sampleApplication(receiptNumber(8));
    body["answers"]["phone"] = "";
    const TestResponse r = post(*client, "/api/v1/applications", "key-00000008", body);
    REQUIRE(r.status == 422);
    CHECK(errorOf(r)["message"] == "请填写联系电话");
}

TEST_CASE("malformed JSON gets 400 malformed_json", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    for (const std::string& body :
         {std::string("{\"itemId\": "), std::string("[1,2,3]"), std::string("not json"),
          std::string(5000, '[') + std::string(5000, ']')}) {
        Expected<TestResponse> r =
            client->send("POST", "/api/v1/applications", body, {{"Idempotency-Key", "key-malformed"}});
        REQUIRE(r.hasValue());
        CHECK(r->status == 400);
        CHECK(errorOf(*r)["code"] == "malformed_json");
    }
}

TEST_CASE("a body over 1 MiB gets 413 payload_too_large", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    const std::string body = "{\"comment\":\"" + std::string(1024 * 1024, 'a') + "\"}";
    Expected<TestResponse> r =
        client->send("POST", "/api/v1/ratings", body, {{"Idempotency-Key", "key-oversize"}});
    REQUIRE(r.hasValue());
    CHECK(r->status == 413);
    CHECK(errorOf(*r)["code"] == "payload_too_large");

    auto next = platform.client();
    CHECK(get(*next, "/api/v1/catalog").status == 200);
}

TEST_CASE("unknown paths get 404 and wrong methods 405", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    for (const char* path : {"/", "/api/v2/catalog", "/api/v1/unknown", "/api/v1/applications/YM01/extra"}) {
        const TestResponse r = get(*client, path);
        CHECK(r.status == 404);
        CHECK(errorOf(r)["code"] == "not_found");
    }
    const TestResponse wrong = post(*client, "/api/v1/catalog", "key-00000009", json::object());
    CHECK(wrong.status == 405);
    CHECK(errorOf(wrong)["code"] == "method_not_allowed");
    CHECK(wrong.header("allow") == "GET");
    CHECK(get(*client, "/api/v1/ratings").status == 405);
}

TEST_CASE("the citizen sees the timeline with the receipt and its query code, and nothing with a wrong code",
          "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000010", sampleApplication(receiptNumber(10), "246810"))
            .status == 201);

    const TestResponse r = get(*client, "/api/v1/applications/" + receiptNumber(10) + "?code=246810");
    REQUIRE(r.status == 200);
    const json status = json::parse(r.body);
    CHECK(status["receiptNo"] == receiptNumber(10));
    CHECK(status["itemId"] == "pension-enrolment");
    CHECK(status["itemName"] == "城乡居民基本养老保险参保登记");
    CHECK(status["department"] == "县人力资源和社会保障局");
    CHECK(status["status"] == "submitted");
    CHECK(status["statusText"] == "已提交");
    CHECK(status["submittedAt"] == "2026-11-29T06:30:00Z");
    REQUIRE(status["timeline"].size() == 1);
    CHECK(status["timeline"][0]["status"] == "submitted");
    CHECK(status["timeline"][0]["text"] == "已提交");

    const TestResponse wrongCode = get(*client, "/api/v1/applications/" + receiptNumber(10) + "?code=111111");
    const TestResponse unknown = get(*client, "/api/v1/applications/" + receiptNumber(11) + "?code=246810");
    const TestResponse noCode = get(*client, "/api/v1/applications/" + receiptNumber(10));
    for (const TestResponse& refused : {wrongCode, unknown, noCode}) {
        CHECK(refused.status == 404);
        CHECK(errorOf(refused)["code"] == "not_found");
        CHECK(errorOf(refused)["message"] == "未找到该回执，请核对回执号和查询码");
    }
    CHECK(wrongCode.body == unknown.body);
}

TEST_CASE("the departments' moves and a rejection reason appear in the citizen's timeline", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000012", sampleApplication(receiptNumber(12))).status ==
        201);
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000013", sampleApplication(receiptNumber(13))).status ==
        201);
    auto store = platform.store();
    REQUIRE(store->advance(receiptNumber(12), "accepted").hasValue());
    REQUIRE(store->advance(receiptNumber(12), "reviewing").hasValue());
    REQUIRE(store->advance(receiptNumber(12), "completed").hasValue());
    REQUIRE(store->advance(receiptNumber(13), "rejected", "缴费档次与户籍地政策不符").hasValue());

    const json done =
        json::parse(get(*client, "/api/v1/applications/" + receiptNumber(12) + "?code=123456").body);
    CHECK(done["status"] == "completed");
    CHECK(done["statusText"] == "已办结");
    std::vector<std::string> path;
    for (const json& entry : done["timeline"]) path.push_back(entry["status"]);
    CHECK(path == std::vector<std::string>{"submitted", "accepted", "reviewing", "completed"});

    const json rejected =
        json::parse(get(*client, "/api/v1/applications/" + receiptNumber(13) + "?code=123456").body);
    CHECK(rejected["status"] == "rejected");
    CHECK(rejected["statusText"] == "不予受理");
    REQUIRE(rejected["timeline"].size() == 2);
    CHECK(rejected["timeline"][1]["note"] == "缴费档次与户籍地政策不符");
    CHECK(rejected["timeline"][1]["department"] == "县人力资源和社会保障局");
    CHECK(rejected["timeline"][1]["nextStep"] == "请按驳回原因补齐材料后重新申请，或到政务服务中心窗口咨询");
    // Submitted on Sunday 2026-11-29 (14:30 in China); pension-enrolment promises 5 working days.
    CHECK(rejected["promisedBy"] == "2026-12-04");
    CHECK(done["timeline"][3]["department"] == "县人力资源和社会保障局");
}

TEST_CASE("guessing a query code gets 429 too_many_attempts with Retry-After, even for the right code",
          "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000014", sampleApplication(receiptNumber(14))).status ==
        201);
    const std::string target = "/api/v1/applications/" + receiptNumber(14);
    for (const char* wrong : {"000001", "000002", "000003", "000004", "000005"})
        REQUIRE(get(*client, target + "?code=" + wrong).status == 404);

    const TestResponse refused = get(*client, target + "?code=123456");
    CHECK(refused.status == 429);
    CHECK(errorOf(refused)["code"] == "too_many_attempts");
    CHECK(errorOf(refused)["message"] == "查询次数过多，请15分钟后再试");
    const std::string retryAfter = refused.header("retry-after");
    REQUIRE_FALSE(retryAfter.empty());
    CHECK(std::stoi(retryAfter) > 0);
    CHECK(std::stoi(retryAfter) <= 15 * 60);
    // The connection stays usable, and another receipt of the same kiosk still answers.
    REQUIRE(
        post(*client, "/api/v1/applications", "key-00000015", sampleApplication(receiptNumber(15))).status ==
        201);
    CHECK(get(*client, "/api/v1/applications/" + receiptNumber(15) + "?code=123456").status == 200);
}

TEST_CASE("a rating is stored once per idempotency key and a level outside 1 to 5 is refused", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(post(*client, "/api/v1/applications", "application-0014", sampleApplication(receiptNumber(14)))
                .status == 201);
    const TestResponse created =
        post(*client, "/api/v1/ratings", "rating-0001", sampleRating(receiptNumber(14), 5));
    REQUIRE(created.status == 201);
    const json answer = json::parse(created.body);
    CHECK(answer["level"] == 5);
    CHECK(answer["ratingId"].get<std::string>().rfind('R', 0) == 0);

    const TestResponse replayed =
        post(*client, "/api/v1/ratings", "rating-0001", sampleRating(receiptNumber(14), 5));
    CHECK(replayed.status == 200);
    CHECK(replayed.header("idempotency-replayed") == "true");
    CHECK(replayed.body == created.body);

    const TestResponse anonymous = post(*client, "/api/v1/ratings", "rating-0002", {{"level", 3}});
    CHECK(anonymous.status == 201);

    for (const json& level : {json(0), json(6), json("5"), json(4.5), json(nullptr)}) {
        const TestResponse bad = post(*client, "/api/v1/ratings", "rating-0003", {{"level", level}});
        CHECK(bad.status == 422);
        CHECK(errorOf(bad)["code"] == "validation_failed");
        CHECK(errorOf(bad)["field"] == "level");
    }
    const TestResponse longComment =
        post(*client, "/api/v1/ratings", "rating-0004", {{"level", 1}, {"comment", std::string(201, 'x')}});
    CHECK(longComment.status == 422);
    CHECK(errorOf(longComment)["field"] == "comment");

    Expected<std::int64_t> ratings = platform.store()->ratingCount();
    REQUIRE(ratings.hasValue());
    CHECK(*ratings == 2);
}

TEST_CASE("an application is rated once, and only one the platform holds", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    REQUIRE(post(*client, "/api/v1/applications", "application-0015", sampleApplication(receiptNumber(15)))
                .status == 201);
    auto status = client->send("GET", "/api/v1/applications/" + receiptNumber(15) + "?code=123456");
    REQUIRE(status);
    CHECK_FALSE(json::parse(status->body).contains("ratedAt"));

    REQUIRE(post(*client, "/api/v1/ratings", "rating-0015", sampleRating(receiptNumber(15), 2)).status ==
            201);
    const TestResponse again =
        post(*client, "/api/v1/ratings", "rating-0015b", sampleRating(receiptNumber(15), 5));
    CHECK(again.status == 409);
    CHECK(errorOf(again)["code"] == "already_rated");
    CHECK(errorOf(again)["message"] == "这件事已经评价过了，每件事只能评价一次");

    const TestResponse unknown =
        post(*client, "/api/v1/ratings", "rating-0016", sampleRating(receiptNumber(16), 4));
    CHECK(unknown.status == 422);
    CHECK(errorOf(unknown)["code"] == "unknown_receipt");

    status = client->send("GET", "/api/v1/applications/" + receiptNumber(15) + "?code=123456");
    REQUIRE(status);
    CHECK_FALSE(json::parse(status->body).value("ratedAt", "").empty());
    Expected<std::int64_t> ratings = platform.store()->ratingCount();
    REQUIRE(ratings.hasValue());
    CHECK(*ratings == 1);
}

TEST_CASE(
    "a card holder's applications are listed newest first, with no personal data and the ID number in "
    "the body only",
    "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    for (int n : {21, 22, 23})
        REQUIRE(post(*client, "/api/v1/applications", "application-00" + std::to_string(n),
                     sampleApplication(receiptNumber(n)))
                    .status == 201);
    for (const char* step : {"accepted", "reviewing", "completed"})
        REQUIRE(platform.store()->advance(receiptNumber(21), step));

    const std::string id = sampleApplication(receiptNumber(21))["applicant"]["idNumber"];
    auto listed = client->send("POST", "/api/v1/holders/applications", json{{"idNumber", id}}.dump());
    REQUIRE(listed);
    REQUIRE(listed->status == 200);
    CHECK(listed->header("cache-control") == "no-store");
    CHECK(listed->body.find(id) == std::string::npos);
    CHECK(listed->body.find("张三") == std::string::npos);
    const json list = json::parse(listed->body)["applications"];
    REQUIRE(list.size() == 3);
    CHECK(list[0]["receiptNo"] == receiptNumber(23));
    CHECK(list[2]["receiptNo"] == receiptNumber(21));
    CHECK(list[2]["status"] == "completed");
    CHECK(list[2]["statusText"] == "已办结");
    CHECK_FALSE(list[2].value("completedAt", "").empty());
    CHECK_FALSE(list[0].contains("completedAt"));

    // Another holder has none; a number that is not an ID number is refused, naming the field.
    std::string other = id;
    other[16] = other[16] == '1' ? '3' : '1';
    other[17] = idNumberCheckChar(other.substr(0, 17));
    auto none = client->send("POST", "/api/v1/holders/applications", json{{"idNumber", other}}.dump());
    REQUIRE(none);
    CHECK(none->status == 200);
    CHECK(json::parse(none->body)["applications"].empty());
    auto bad = client->send("POST", "/api/v1/holders/applications", json{{"idNumber", "12345"}}.dump());
    REQUIRE(bad);
    CHECK(bad->status == 422);
    CHECK(json::parse(bad->body)["error"]["field"] == "idNumber");
}

TEST_CASE("a client certificate from another CA is refused", "[server]") {
    RunningPlatform platform;
    const std::string other = platform.dir() / "other";
    REQUIRE(pki::ensurePki(other).hasValue());
    const EnrolledKiosk strange = signKioskCertificate(other + "/issuing.crt", other + "/issuing.key",
                                                       platform.dir() / "stranger", "kiosk-0001");
    TlsTestClient stranger(platform.port(), {platform.pki("ca.crt"), strange.certFile, strange.keyFile});
    Expected<TestResponse> r = stranger.send("GET", "/api/v1/catalog");
    CHECK_FALSE(r.hasValue());
}

TEST_CASE("a client without a certificate is refused", "[server]") {
    RunningPlatform platform;
    TlsTestClient anonymous(platform.port(), {platform.pki("ca.crt"), "", ""});
    Expected<TestResponse> r = anonymous.send("GET", "/api/v1/catalog");
    CHECK_FALSE(r.hasValue());
}

TEST_CASE("applications and ratings survive a restart of the server", "[server]") {
    RunningPlatform platform;
    std::string firstAnswer;
    {
        auto client = platform.client();
        const TestResponse created =
            post(*client, "/api/v1/applications", "key-00000015", sampleApplication(receiptNumber(15)));
        REQUIRE(created.status == 201);
        firstAnswer = created.body;
        REQUIRE(post(*client, "/api/v1/ratings", "rating-0015", sampleRating(receiptNumber(15))).status ==
                201);
    }
    platform.restart();
    auto client = platform.client();
    CHECK(get(*client, "/api/v1/applications/" + receiptNumber(15) + "?code=123456").status == 200);
    const TestResponse replayed =
        post(*client, "/api/v1/applications", "key-00000015", sampleApplication(receiptNumber(15)));
    CHECK(replayed.status == 200);
    CHECK(replayed.body == firstAnswer);
    CHECK(applicationCount(platform) == 1);
    CHECK(*platform.store()->ratingCount() == 1);
}

TEST_CASE("many requests travel over one keep-alive connection", "[server]") {
    RunningPlatform platform;
    auto client = platform.client();
    for (int i = 0; i < 20; ++i) {
        const TestResponse r = post(*client, "/api/v1/applications", "keepalive-" + std::to_string(1000 + i),
                                    sampleApplication(receiptNumber(200 + i)));
        REQUIRE(r.status == 201);
        CHECK(r.keepAlive);
    }
    CHECK(client->connectionCount() == 1);
    CHECK(applicationCount(platform) == 20);
}

TEST_CASE("malformed HTTP gets 400 and the server keeps serving", "[server]") {
    RunningPlatform platform;
    for (const std::string& garbage :
         {std::string("THIS IS NOT HTTP\r\n\r\n"), std::string("GET /api/v1/catalog HTTP/9.9\r\n\r\n"),
          std::string("POST /api/v1/ratings HTTP/1.1\r\nContent-Length: banana\r\n\r\n")}) {
        auto client = platform.client();
        Expected<TestResponse> r = client->sendRaw(garbage);
        REQUIRE(r.hasValue());
        CHECK(r->status == 400);
        CHECK_FALSE(r->keepAlive);
    }
    auto client = platform.client();
    CHECK(get(*client, "/api/v1/catalog").status == 200);
}

TEST_CASE("stopping the server is idempotent and closes the port", "[server]") {
    TempDir dir;
    Expected<std::unique_ptr<Server>> server = Server::start({.stateDir = dir / "state"});
    REQUIRE(server.hasValue());
    const EnrolledKiosk kiosk = enrolKiosk(dir / "state", dir / "kiosk");
    const unsigned short port = (*server)->port();
    TlsTestClient before(port, {dir / "state/pki/ca.crt", kiosk.certFile, kiosk.keyFile});
    REQUIRE(before.send("GET", "/api/v1/catalog").hasValue());
    (*server)->stop();
    (*server)->stop();
    TlsTestClient client(port, {dir / "state/pki/ca.crt", kiosk.certFile, kiosk.keyFile});
    CHECK_FALSE(client.send("GET", "/api/v1/catalog").hasValue());
}

TEST_CASE("a server refuses to start on an address that is not an IP address", "[server]") {
    TempDir dir;
    Expected<std::unique_ptr<Server>> server =
        Server::start({.stateDir = dir / "state", .host = "not-an-ip"});
    REQUIRE_FALSE(server.hasValue());
    CHECK(server.error().code == ErrorCode::invalidInput);
}
