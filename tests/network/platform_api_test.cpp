// Tests of network/platform_api.cpp against the reference platform: catalog ETag, idempotent writes, status.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "application_payload.h"
#include "common/field_validation.h"
#include "network/platform_api.h"
#include "scripted_tls_server.h"
#include "test_platform.h"

namespace yimen::network::test {
namespace {

using nlohmann::json;

// The platform, a kiosk client to it, and the catalog it serves.
struct Connected {
    TestPlatform platform;
    HttpsClient client{platform.clientConfig()};
    PlatformApi api{client};

    Catalog catalog() {
        auto fetched = api.fetchCatalog("");
        if (!fetched)
            FAIL("fetching the catalog: " << fetched.error().describe());
        auto parsed = parseCatalog(fetched->json);
        if (!parsed)
            FAIL("parsing the catalog: " << parsed.error().describe());
        return parsed.value();
    }
};

// The first item that asks for a phone number, so a bad phone number can be sent.
const Item& itemWithPhone(const Catalog& catalog) {
    for (const Item& item : catalog.items)
        for (const FieldSpec& field : item.fields)
            if (field.type == FieldType::phone && field.required)
                return item;
    FAIL("the seed catalog has no item with a required phone field");
    return catalog.items.front();
}

std::string phoneFieldOf(const Item& item) {
    for (const FieldSpec& field : item.fields)
        if (field.type == FieldType::phone)
            return field.id;
    return {};
}

WriteOutcome refusedWith(int status) {
    WriteOutcome outcome;
    outcome.refused = ApiError{status, "code", "message", ""};
    return outcome;
}

}  // namespace

TEST_CASE("the catalog comes with its ETag and parses", "[api]") {
    Connected c;

    auto fetched = c.api.fetchCatalog("");

    REQUIRE(fetched);
    CHECK_FALSE(fetched->notModified);
    CHECK_FALSE(fetched->etag.empty());
    auto catalog = parseCatalog(fetched->json);
    REQUIRE(catalog);
    CHECK_FALSE(catalog->empty());
    CHECK(fetched->etag == "\"" + catalog->version + "\"");
}

TEST_CASE("asking for the catalog with the current ETag answers not modified", "[api]") {
    Connected c;
    auto first = c.api.fetchCatalog("");
    REQUIRE(first);

    auto second = c.api.fetchCatalog(first->etag);

    REQUIRE(second);
    CHECK(second->notModified);
    CHECK(second->etag == first->etag);
    CHECK(second->json.empty());
}

TEST_CASE("a stale ETag gets the whole catalog again", "[api]") {
    Connected c;

    auto fetched = c.api.fetchCatalog("\"an-old-version\"");

    REQUIRE(fetched);
    CHECK_FALSE(fetched->notModified);
    CHECK(parseCatalog(fetched->json));
}

TEST_CASE("an application is delivered with the platform's receipt and status", "[api]") {
    Connected c;
    const Catalog catalog = c.catalog();
    const std::string receipt = receiptNumber(1);

    WriteOutcome outcome = c.api.createApplication("key-0001-first", receipt,
                                                   applicationJson(catalog.items.front(), receipt, "123456"));

    REQUIRE(outcome.delivered);
    CHECK_FALSE(outcome.permanent());
    const json answer = json::parse(outcome.responseJson);
    CHECK(answer.at("receiptNo") == receipt);
    CHECK(answer.at("status") == "submitted");
    CHECK(answer.at("statusText") == "已提交");
    CHECK_FALSE(answer.at("applicationId").get<std::string>().empty());
}

TEST_CASE("creating an application twice with the same key makes one application", "[api][idempotency]") {
    Connected c;
    const Catalog catalog = c.catalog();
    const std::string receipt = receiptNumber(2);
    const std::string body = applicationJson(catalog.items.front(), receipt, "123456");

    WriteOutcome first = c.api.createApplication("key-0002-twice", receipt, body);
    WriteOutcome second = c.api.createApplication("key-0002-twice", receipt, body);
    // A different key for the same receipt would be a second application: the platform must say it has one.
    WriteOutcome other = c.api.createApplication("key-0002-other", receipt, body);

    REQUIRE(first.delivered);
    REQUIRE(second.delivered);
    CHECK(second.responseJson == first.responseJson);
    CHECK(json::parse(second.responseJson).at("receiptNo") == receipt);
    REQUIRE(other.refused);
    CHECK(other.refused->httpStatus == 409);
    CHECK(other.refused->code == "duplicate_receipt");
    CHECK(other.permanent());
}

TEST_CASE("the same key with a different body is refused for good", "[api][idempotency]") {
    Connected c;
    const Catalog catalog = c.catalog();
    REQUIRE(c.api
                .createApplication("key-0003-reuse", receiptNumber(3),
                                   applicationJson(catalog.items.front(), receiptNumber(3), "123456"))
                .delivered);

    WriteOutcome reused =
        c.api.createApplication("key-0003-reuse", receiptNumber(4),
                                applicationJson(catalog.items.front(), receiptNumber(4), "123456"));

    REQUIRE(reused.refused);
    CHECK(reused.refused->httpStatus == 409);
    CHECK(reused.refused->code == "idempotency_key_reused");
    CHECK_FALSE(reused.refused->message.empty());
    CHECK(reused.permanent());
}

TEST_CASE("an invalid answer is refused for good with its field and the platform's message", "[api]") {
    Connected c;
    const Catalog catalog = c.catalog();
    const Item& item = itemWithPhone(catalog);
    const std::string phone = phoneFieldOf(item);

    WriteOutcome outcome =
        c.api.createApplication("key-0005-badphone", receiptNumber(5),
                                applicationJson(item, receiptNumber(5), "123456", {{phone, "12345"}}));

    REQUIRE_FALSE(outcome.delivered);
    REQUIRE(outcome.refused);
    CHECK(outcome.refused->httpStatus == 422);
    CHECK(outcome.refused->code == "validation_failed");
    CHECK(outcome.refused->field == phone);
    CHECK(outcome.refused->message == validateField(*item.field(phone), "12345")->message);
    CHECK(outcome.permanent());
}

TEST_CASE("a rating is delivered and a level outside 1 to 5 is refused on the level field", "[api]") {
    Connected c;

    WriteOutcome good = c.api.submitRating("rating-key-0001", ratingJson("", 5));
    WriteOutcome bad = c.api.submitRating("rating-key-0002", ratingJson("", 9));

    REQUIRE(good.delivered);
    CHECK(json::parse(good.responseJson).at("level") == 5);
    REQUIRE(bad.refused);
    CHECK(bad.refused->httpStatus == 422);
    CHECK(bad.refused->code == "validation_failed");
    CHECK(bad.refused->field == "level");
    CHECK(bad.permanent());
}

TEST_CASE("a write without a usable idempotency key is refused", "[api][idempotency]") {
    Connected c;

    WriteOutcome outcome = c.api.submitRating("short", ratingJson("", 4));

    REQUIRE(outcome.refused);
    CHECK(outcome.refused->httpStatus == 400);
    CHECK(outcome.refused->code == "missing_idempotency_key");
}

TEST_CASE("application status shows the item and the timeline oldest first", "[api][status]") {
    Connected c;
    const Catalog catalog = c.catalog();
    const Item& item = catalog.items.front();
    const std::string receipt = receiptNumber(6);
    REQUIRE(c.api.createApplication("key-0006-status", receipt, applicationJson(item, receipt, "654321"))
                .delivered);

    auto status = c.api.applicationStatus(receipt, "654321");

    REQUIRE(status);
    CHECK(status->receiptNo == receipt);
    CHECK(status->itemId == item.id);
    CHECK(status->itemName == item.name);
    CHECK(status->department == item.department);
    CHECK(status->status == "submitted");
    CHECK(status->statusText == "已提交");
    REQUIRE_FALSE(status->timeline.empty());
    CHECK(status->timeline.front().status == "submitted");
    CHECK(status->timeline.front().text == "已提交");
    CHECK_FALSE(status->timeline.front().at.empty());
}

TEST_CASE("an unknown receipt and a wrong query code are both not found with the platform's message",
          "[api][status]") {
    Connected c;
    const Catalog catalog = c.catalog();
    const std::string receipt = receiptNumber(7);
    REQUIRE(c.api
                .createApplication("key-0007-secret", receipt,
                                   applicationJson(catalog.items.front(), receipt, "111111"))
                .delivered);

    auto wrongCode = c.api.applicationStatus(receipt, "222222");
    auto unknown = c.api.applicationStatus(receiptNumber(8), "111111");

    REQUIRE_FALSE(wrongCode);
    REQUIRE_FALSE(unknown);
    CHECK(wrongCode.error().code == ErrorCode::notFound);
    CHECK(unknown.error().code == ErrorCode::notFound);
    CHECK(wrongCode.error().message == "未找到该回执，请核对回执号和查询码");
    CHECK(unknown.error().message == wrongCode.error().message);
}

TEST_CASE("a receipt number with characters that need escaping cannot reach another resource",
          "[api][status]") {
    Connected c;

    auto status = c.api.applicationStatus("../catalog", "123456");

    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::notFound);
}

TEST_CASE("a platform that is down gives a transport failure that is worth retrying", "[api]") {
    Connected c;
    c.platform.stop();

    WriteOutcome outcome = c.api.submitRating("rating-key-0003", ratingJson("", 5));
    auto catalog = c.api.fetchCatalog("");

    CHECK_FALSE(outcome.delivered);
    REQUIRE(outcome.transport);
    CHECK(outcome.transport->code == ErrorCode::unavailable);
    CHECK_FALSE(outcome.permanent());
    REQUIRE_FALSE(catalog);
    CHECK(catalog.error().code == ErrorCode::unavailable);
    CHECK(catalog.error().message.rfind("fetching the catalog: connecting to 127.0.0.1:", 0) == 0);
}

TEST_CASE(
    "an error reply that is not the platform's JSON shape gets its status as code and a generic message",
    "[api]") {
    TestPlatform platform;
    ScriptedTlsServer proxy(platform.pkiFile("server.crt"), platform.pkiFile("server.key"),
                            "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 11\r\n"
                            "Connection: close\r\n\r\nbad gateway");
    TlsClientConfig config = platform.clientConfig();
    config.port = proxy.port();
    HttpsClient client(config);
    PlatformApi api(client);

    WriteOutcome outcome = api.submitRating("rating-key-0004", ratingJson("", 5));

    REQUIRE(outcome.refused);
    CHECK(outcome.refused->httpStatus == 502);
    CHECK(outcome.refused->code == "http_502");
    CHECK(outcome.refused->message == "服务平台暂时无法处理，请稍后再试");
    CHECK_FALSE(outcome.permanent());
}

TEST_CASE("a busy reply whose JSON is not the error shape is worth retrying", "[api]") {
    TestPlatform platform;
    const std::string body = R"({"error":"slow down"})";
    ScriptedTlsServer busy(
        platform.pkiFile("server.crt"), platform.pkiFile("server.key"),
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body);
    TlsClientConfig config = platform.clientConfig();
    config.port = busy.port();
    HttpsClient client(config);
    PlatformApi api(client);

    WriteOutcome outcome = api.createApplication("key-0009-busy", receiptNumber(9), "{}");

    REQUIRE(outcome.refused);
    CHECK(outcome.refused->code == "http_429");
    CHECK(outcome.refused->message == "服务平台繁忙，请稍后再试");
    CHECK_FALSE(outcome.permanent());
}

TEST_CASE("a malformed status answer is a server error, not a crash", "[api][status]") {
    TestPlatform platform;
    ScriptedTlsServer broken(platform.pkiFile("server.crt"), platform.pkiFile("server.key"),
                             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n"
                             R"({"receiptNo":7,"timeline":"no"})");
    TlsClientConfig config = platform.clientConfig();
    config.port = broken.port();
    HttpsClient client(config);
    PlatformApi api(client);

    auto status = api.applicationStatus(receiptNumber(10), "123456");

    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::serverError);
    CHECK_THAT(status.error().message,
               Catch::Matchers::Contains("malformed reply: \"receiptNo\" is not a string"));
}

TEST_CASE("only a 4xx other than 408 and 429 is a permanent refusal", "[api]") {
    struct Row {
        int status;
        bool permanent;
    };
    const Row table[] = {{400, true}, {401, true},  {404, true}, {408, false}, {409, true},  {413, true},
                         {422, true}, {429, false}, {499, true}, {500, false}, {502, false}, {503, false}};
    for (const Row& row : table) {
        INFO("HTTP " << row.status);
        CHECK(refusedWith(row.status).permanent() == row.permanent);
    }
    WriteOutcome transport;
    transport.transport = Error{ErrorCode::timeout, "no answer"};
    CHECK_FALSE(transport.permanent());
    WriteOutcome delivered;
    delivered.delivered = true;
    CHECK_FALSE(delivered.permanent());
}

namespace {

// An HTTP/1.1 reply with a body and its length.
std::string reply(const std::string& statusLine, const std::string& contentType, const std::string& body,
                  const std::string& extraHeaders = "") {
    return "HTTP/1.1 " + statusLine + "\r\nContent-Type: " + contentType + "\r\n" + extraHeaders +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The outcome of one application POST answered by `scripted`.
WriteOutcome answeredBy(const std::string& scripted, const std::string& key, const std::string& receipt) {
    TestPlatform platform;
    ScriptedTlsServer server(platform.pkiFile("server.crt"), platform.pkiFile("server.key"), scripted);
    TlsClientConfig config = platform.clientConfig();
    config.port = server.port();
    HttpsClient client(config);
    PlatformApi api(client);
    return api.createApplication(key, receipt, "{}");
}

}  // namespace

TEST_CASE("a 2xx that does not name the receipt and the key is not an acknowledgement", "[api][ack]") {
    const std::string receipt = receiptNumber(11);
    const std::string key = "key-0011-ack";
    const std::string good =
        R"({"receiptNo":")" + receipt + R"(","applicationId":"A1","status":"submitted"})";
    struct Row {
        const char* what;
        std::string scripted;
    };
    const Row table[] = {
        {"a proxy's HTML page",
         reply("200 OK", "text/html", "<html><body>Welcome to the hotspot</body></html>")},
        {"an empty body", reply("200 OK", "application/json", "")},
        {"another receipt",
         reply("201 Created", "application/json",
               R"({"receiptNo":")" + receiptNumber(12) + R"(","idempotencyKey":")" + key + "\"}", "")},
        {"another key",
         reply("201 Created", "application/json", good, "Idempotency-Key: key-0011-other\r\n")},
        {"no key at all", reply("201 Created", "application/json", good)},
        {"a 204", "HTTP/1.1 204 No Content\r\nIdempotency-Key: key-0011-ack\r\n\r\n"},
    };
    for (const Row& row : table) {
        INFO(row.what);
        const WriteOutcome outcome = answeredBy(row.scripted, key, receipt);
        CHECK_FALSE(outcome.delivered);
        REQUIRE(outcome.transport);
        CHECK(outcome.transport->code == ErrorCode::serverError);
        CHECK_FALSE(outcome.permanent());
    }
    // The real acknowledgement, with the key in the body or echoed in the header.
    CHECK(answeredBy(reply("201 Created", "application/json",
                           R"({"receiptNo":")" + receipt + R"(","idempotencyKey":")" + key + "\"}"),
                     key, receipt)
              .delivered);
    CHECK(answeredBy(reply("200 OK", "application/json", good, "Idempotency-Key: " + key + "\r\n"), key,
                     receipt)
              .delivered);
}

TEST_CASE("the real platform's answer to a write is an acknowledgement", "[api][ack]") {
    Connected c;
    const std::string receipt = receiptNumber(13);
    WriteOutcome outcome = c.api.createApplication(
        "key-0013-real", receipt, applicationJson(c.catalog().items.front(), receipt, "123456"));
    CHECK(outcome.delivered);
    CHECK(c.api.submitRating("rating-key-0013", ratingJson(receipt, 5)).delivered);
}

TEST_CASE("the platform tells the last receipt sequence of a day", "[api][receipts]") {
    TestPlatform platform;
    const auto ask = [&](const std::string& scripted, const std::string& day) {
        ScriptedTlsServer server(platform.pkiFile("server.crt"), platform.pkiFile("server.key"), scripted);
        TlsClientConfig config = platform.clientConfig();
        config.port = server.port();
        HttpsClient client(config);
        PlatformApi api(client);
        return api.lastReceiptSequence(day);
    };
    auto last =
        ask(reply("200 OK", "application/json", R"({"terminalNumber":1,"day":"261129","lastSequence":42})"),
            "261129");
    REQUIRE(last);
    CHECK(*last == 42);
    CHECK(ask(reply("200 OK", "application/json", R"({"terminalNumber":1,"day":"261128","lastSequence":4})"),
              "261129")
              .error()
              .code == ErrorCode::serverError);
    CHECK(ask(reply("200 OK", "text/html", "<html></html>"), "261129").error().code ==
          ErrorCode::serverError);
    CHECK(ask(reply("404 Not Found", "application/json", R"({"error":{"code":"not_found","message":"x"}})"),
              "261129")
              .error()
              .code == ErrorCode::notFound);
    CHECK(ask("", "26112").error().code == ErrorCode::invalidInput);
}

}  // namespace yimen::network::test
