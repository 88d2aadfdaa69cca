// Tests of platform/application_request.cpp and platform/rating_request.cpp: what a body must hold.
#include "platform/application_request.h"

#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "platform/catalog_source.h"
#include "platform/rating_request.h"
#include "tests/platform/sample_application.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;
using nlohmann::json;

namespace {

const Catalog& catalog() {
    static const ServedCatalog served = [] {
        Expected<ServedCatalog> c = loadCatalog("");
        REQUIRE(c.hasValue());
        return std::move(*c);
    }();
    return served.catalog;
}

// The error for `body`, or an error with code "none" when it was accepted.
ApiError problemWith(const json& body) {
    auto result = parseApplicationRequest(body.dump(), catalog(), "20261129");
    if (const auto* e = std::get_if<ApiError>(&result))
        return *e;
    return {0, "none", "", ""};
}

}  // namespace

TEST_CASE("a complete application is accepted with the item's name and department", "[request]") {
    auto result = parseApplicationRequest(sampleApplication("YM0001").dump(), catalog(), "20261129");
    REQUIRE(std::holds_alternative<ApplicationRequest>(result));
    const NewApplication& a = std::get<ApplicationRequest>(result).application;
    CHECK(a.itemName == "城乡居民基本养老保险参保登记");
    CHECK(a.department == "县人力资源和社会保障局");
    CHECK(a.applicant.at("idNumber") == validIdNumber());
    CHECK(a.answers.at("payLevel") == "300元");
}

TEST_CASE("the same application written differently has the same fingerprint", "[request]") {
    const json body = sampleApplication("YM0001");
    auto compact = parseApplicationRequest(body.dump(), catalog(), "20261129");
    auto spaced = parseApplicationRequest(body.dump(4), catalog(), "20261129");
    json other = body;
    other["queryCode"] = "999999";
    auto changed = parseApplicationRequest(other.dump(), catalog(), "20261129");
    CHECK(std::get<ApplicationRequest>(compact).fingerprint ==
          std::get<ApplicationRequest>(spaced).fingerprint);
    CHECK(std::get<ApplicationRequest>(compact).fingerprint !=
          std::get<ApplicationRequest>(changed).fingerprint);
}

TEST_CASE("application problems are reported in the contract's order", "[request]") {
    json body = sampleApplication("YM0001");
    body["itemId"] = "unknown";
    body["receiptNo"] = "bad";
    CHECK(problemWith(body).code == "unknown_item");
    body["itemId"] = "pension-enrolment";
    CHECK(problemWith(body).code == "invalid_receipt_no");
    body["receiptNo"] = "YM0001";
    body["queryCode"] = 123456;
    CHECK(problemWith(body).code == "invalid_query_code");
}

TEST_CASE("an application with wrongly typed or missing parts names the part", "[request]") {
    struct Case {
        const char* what;
        std::function<void(json&)> spoil;
        const char* code;
        const char* field;
    };
    const std::vector<Case> cases = {
        {"answers not an object", [](json& b) { b["answers"] = "all fine"; }, "validation_failed", "answers"},
        {"an answer that is a number", [](json& b) { b["answers"]["phone"] = 13800138000LL; },
         "validation_failed", "phone"},
        {"no applicant", [](json& b) { b.erase("applicant"); }, "validation_failed", "applicant"},
        {"an applicant without a name", [](json& b) { b["applicant"]["name"] = ""; }, "validation_failed",
         "applicant.name"},
        {"an applicant ID number of 17 digits",
         [](json& b) { b["applicant"]["idNumber"] = "11010119800101001"; }, "validation_failed",
         "applicant.idNumber"},
        {"an applicant birth date that is no date",
         [](json& b) { b["applicant"]["birthDate"] = "1980-13-01"; }, "validation_failed",
         "applicant.birthDate"},
        {"a submission time without a zone", [](json& b) { b["submittedAt"] = "2026-11-29 06:30:00"; },
         "validation_failed", "submittedAt"},
        {"a date in the future", [](json& b) { b["answers"]["birthDate"] = "2030-01-01"; },
         "validation_failed", "birthDate"},
        {"an address too short to find", [](json& b) { b["answers"]["address"] = "北京"; },
         "validation_failed", "address"},
        {"an itemId that is a number", [](json& b) { b["itemId"] = 7; }, "unknown_item", "itemId"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        json body = sampleApplication("YM0001");
        c.spoil(body);
        const ApiError e = problemWith(body);
        CHECK(e.httpStatus == 422);
        CHECK(e.code == c.code);
        CHECK(e.field == c.field);
    }
}

TEST_CASE("bodies that are not JSON objects or are nested absurdly deep are malformed", "[request]") {
    for (const std::string& body :
         {std::string(), std::string("null"), std::string("\"text\""), std::string("{\"a\":1,}"),
          std::string("{\"a\":\"\xff\"}"), std::string(100, '{')}) {
        auto result = parseApplicationRequest(body, catalog());
        REQUIRE(std::holds_alternative<ApiError>(result));
        CHECK(std::get<ApiError>(result).httpStatus == 400);
        CHECK(std::get<ApiError>(result).code == "malformed_json");
    }
}

TEST_CASE("a rating needs a level from 1 to 5 and checks its optional receipt, tags and comment",
          "[request]") {
    auto ok = parseRatingRequest(R"({"level":4})");
    REQUIRE(std::holds_alternative<RatingRequest>(ok));
    CHECK(std::get<RatingRequest>(ok).rating.level == 4);

    const std::pair<const char*, const char*> bad[] = {
        {R"({"level":4,"receiptNo":"ym-1"})", "receiptNo"},
        {R"({"level":4,"tags":"办事快"})", "tags"},
        {R"({"level":4,"tags":[""]})", "tags"},
        {R"({"level":4,"tags":[1]})", "tags"},
        {R"({"level":4,"comment":42})", "comment"},
        {R"({"level":true})", "level"},
        {R"({})", "level"},
    };
    for (const auto& [body, field] : bad) {
        INFO(body);
        auto result = parseRatingRequest(body);
        REQUIRE(std::holds_alternative<ApiError>(result));
        CHECK(std::get<ApiError>(result).field == field);
    }
    CHECK(std::string(ratingLevelText(5)) == "非常满意");
    CHECK(std::string(ratingLevelText(1)) == "非常不满意");
    CHECK(ratingLevelText(0) == nullptr);
}

TEST_CASE("receipt numbers and query codes have the contract's shapes", "[request]") {
    CHECK(isReceiptNo("YM00012611290007"));
    CHECK(isReceiptNo("ABC123"));
    CHECK_FALSE(isReceiptNo("AB12"));
    CHECK_FALSE(isReceiptNo("YM-0001"));
    CHECK_FALSE(isReceiptNo(std::string(33, 'A')));
    CHECK(isQueryCode("000000"));
    CHECK_FALSE(isQueryCode("12345a"));
    CHECK_FALSE(isQueryCode("1234567"));
}

TEST_CASE("mangled bodies are answered with 400 or 422 and never crash the checks", "[request]") {
    const std::string valid = sampleApplication("YM0001").dump();
    const std::string rating = R"({"receiptNo":"YM0001","level":5,"tags":["办事快"],"comment":"好"})";
    std::mt19937 random(20261129);  // fixed seed: the same bodies on every run
    for (int round = 0; round < 3000; ++round) {
        std::string body = round % 2 == 0 ? valid : rating;
        const int edits = 1 + static_cast<int>(random() % 8);
        for (int e = 0; e < edits && !body.empty(); ++e) {
            const std::size_t at = random() % body.size();
            switch (random() % 3) {
            case 0: body[at] = static_cast<char>(random() % 256); break;
            case 1: body.erase(at, 1 + random() % 16); break;
            default: body.insert(at, body.substr(random() % body.size(), 1 + random() % 32)); break;
            }
        }
        INFO(body);
        if (round % 2 == 0) {
            auto result = parseApplicationRequest(body, catalog(), "20261129");
            if (const auto* e = std::get_if<ApiError>(&result))
                CHECK((e->httpStatus == 400 || e->httpStatus == 422));
        } else {
            auto result = parseRatingRequest(body);
            if (const auto* e = std::get_if<ApiError>(&result))
                CHECK((e->httpStatus == 400 || e->httpStatus == 422));
        }
    }
}
