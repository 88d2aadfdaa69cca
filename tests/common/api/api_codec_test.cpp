// Tests of common/api/: what each codec writes, and that a body of the wrong shape is refused naming the
// field at fault, whatever the bytes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/api/application.h"
#include "common/api/error_body.h"
#include "common/api/holder.h"
#include "common/api/json_text.h"
#include "common/api/rating.h"
#include "common/api/receipt_sequence.h"

using namespace yimen;
using namespace yimen::api;

namespace {

NewApplication sampleApplication() {
    return {.itemId = "pension-enrolment",
            .receiptNo = "YM00012611290007",
            .queryCode = "123456",
            .submittedAt = "2026-11-29T06:30:00Z",
            .applicant = {{"name", "张三"}, {"idNumber", "110101198001010010"}},
            .answers = {{"phone", "13800138000"}},
            .catalogVersion = "9b6f0870dc556867",
            .utcOffsetMinutes = 480};
}

// The field a decoder blames for `body`, or "" when it accepts it.
template <typename Decode>
std::string faultOf(Decode decode, const std::string& body) {
    const auto decoded = decode(body);
    return decoded.fault ? decoded.fault->field : std::string();
}

}  // namespace

TEST_CASE("an error body is written as the contract spells it, field only when there is one", "[api]") {
    CHECK(
        encodeErrorBody({422, "validation_failed", "手机号码应为11位数字，以1开头", "phone"}) ==
        R"({"error":{"code":"validation_failed","field":"phone","message":"手机号码应为11位数字，以1开头"}})");
    CHECK(encodeErrorBody({404, "not_found", "没有找到要访问的内容", ""}) ==
          R"({"error":{"code":"not_found","message":"没有找到要访问的内容"}})");
}

TEST_CASE("an error body reads back with its status, and a non-string field is left out", "[api]") {
    Expected<ApiError> e =
        decodeErrorBody(409, R"({"error":{"code":"duplicate_receipt","message":"已使用","field":7}})");
    REQUIRE(e.hasValue());
    CHECK(e->httpStatus == 409);
    CHECK(e->code == "duplicate_receipt");
    CHECK(e->message == "已使用");
    CHECK(e->field.empty());
}

TEST_CASE("an error body without a code or a message is refused, naming what is missing", "[api]") {
    const auto problem = [](const std::string& body) {
        Expected<ApiError> e = decodeErrorBody(500, body);
        REQUIRE_FALSE(e.hasValue());
        CHECK(e.error().code == ErrorCode::invalidInput);
        return e.error().message;
    };
    CHECK(problem("<html>Bad gateway</html>") == "the body is not a JSON object");
    CHECK(problem(R"({"code":"x"})") == "\"error\" is missing");
    CHECK(problem(R"({"error":{"message":"m"}})") == "\"error.code\" is missing");
    CHECK(problem(R"({"error":{"code":"c","message":""}})") == "\"error.message\" is empty");
}

TEST_CASE("a new application survives a round trip through its codec", "[api]") {
    const NewApplication a = sampleApplication();
    const Decoding<NewApplication> back = decodeNewApplication(std::string_view(encodeNewApplication(a)));
    REQUIRE_FALSE(back.fault);
    CHECK(back.value.itemId == a.itemId);
    CHECK(back.value.receiptNo == a.receiptNo);
    CHECK(back.value.queryCode == a.queryCode);
    CHECK(back.value.submittedAt == a.submittedAt);
    CHECK(back.value.applicant == a.applicant);
    CHECK(back.value.answers == a.answers);
    CHECK(back.value.catalogVersion == a.catalogVersion);
    CHECK(back.value.utcOffsetMinutes == a.utcOffsetMinutes);
}

TEST_CASE("a new application of the wrong shape is refused at its first faulty field, in the stated order",
          "[api]") {
    const auto decode = [](const std::string& body) { return decodeNewApplication(std::string_view(body)); };
    nlohmann::json body = nlohmann::json::parse(encodeNewApplication(sampleApplication()));
    const auto with = [&body](const char* key, nlohmann::json value) {
        nlohmann::json changed = body;
        changed[key] = std::move(value);
        return changed.dump();
    };
    REQUIRE(decode("[1,2]").fault);
    CHECK(decode("[1,2]").fault->describe() == "the body is not a JSON object");
    CHECK(faultOf(decode, with("utcOffsetMinutes", 1.5)) == "utcOffsetMinutes");
    CHECK(faultOf(decode, with("utcOffsetMinutes", 1ULL << 40)) == "utcOffsetMinutes");
    CHECK(faultOf(decode, with("catalogVersion", 3)) == "catalogVersion");
    CHECK(faultOf(decode, with("receiptNo", 7)) == "receiptNo");
    CHECK(faultOf(decode, with("applicant", "张三")) == "applicant");
    CHECK(faultOf(decode, with("applicant", {{"name", "张三"}, {"sex", 1}, {"idNumber", 2}})) ==
          "applicant.idNumber");
    CHECK(faultOf(decode, with("answers", {{"phone", 13800138000LL}})) == "answers.phone");
    CHECK(faultOf(decode, with("catalogVersion", nullptr)).empty());  // null reads as absent

    body.erase("submittedAt");
    const Decoding<NewApplication> missing = decode(body.dump());
    REQUIRE(missing.fault);
    CHECK(missing.fault->describe() == "\"submittedAt\" is missing");
    CHECK(missing.value.queryCode == "123456");  // what came before the fault was read
}

TEST_CASE("an applicant keeps only the keys the contract knows", "[api]") {
    nlohmann::json body = nlohmann::json::parse(encodeNewApplication(sampleApplication()));
    body["applicant"]["photo"] = {{"any", "thing"}};
    const Decoding<NewApplication> decoded = decodeNewApplication(body);
    REQUIRE_FALSE(decoded.fault);
    CHECK(decoded.value.applicant.count("photo") == 0);
}

TEST_CASE("the application answers are written with every member and read back", "[api]") {
    const ApplicationCreated created{"A000123", "YM00012611290007",     "submitted",
                                     "已提交",  "2026-11-29T06:30:01Z", "key-0001-abcdef"};
    CHECK(
        encodeApplicationCreated(created) ==
        R"({"applicationId":"A000123","createdAt":"2026-11-29T06:30:01Z","idempotencyKey":"key-0001-abcdef",)"
        R"("receiptNo":"YM00012611290007","status":"submitted","statusText":"已提交"})");
    const Decoding<ApplicationCreated> back = decodeApplicationCreated(encodeApplicationCreated(created));
    REQUIRE_FALSE(back.fault);
    CHECK(back.value.idempotencyKey == "key-0001-abcdef");
    CHECK(back.value.applicationId == "A000123");

    const ApplicationStatus status{
        "YM00012611290007",
        "pension-enrolment",
        "参保登记",
        "人社局",
        "rejected",
        "不予受理",
        "2026-11-29T06:30:00Z",
        {{"submitted", "已提交", "2026-11-29T06:30:00Z", "", "", ""},
         {"rejected", "不予受理", "2026-11-30T01:00:00Z", "材料不全", "人社局", "请补齐材料后重新申请"}},
        "2026-12-11",
        std::nullopt,
        "2026-11-30T02:00:00Z"};
    const std::string body = encodeApplicationStatus(status);
    const Decoding<ApplicationStatus> read = decodeApplicationStatus(body);
    REQUIRE_FALSE(read.fault);
    CHECK(read.value.submittedAt == status.submittedAt);
    CHECK(read.value.promisedBy == "2026-12-11");
    CHECK(read.value.ratedAt == "2026-11-30T02:00:00Z");
    REQUIRE(read.value.timeline.size() == 2);
    CHECK(read.value.timeline[1].note == "材料不全");
    CHECK(read.value.timeline[1].department == "人社局");
    CHECK(read.value.timeline[1].nextStep == "请补齐材料后重新申请");
    // What is absent is left out, not sent empty: the kiosk's own step names no department.
    CHECK(body.find(R"("at":"2026-11-29T06:30:00Z","note":"","status")") != std::string::npos);
}

TEST_CASE("an application status of the wrong shape names the timeline entry at fault", "[api]") {
    const auto decode = [](const std::string& body) { return decodeApplicationStatus(body); };
    CHECK(faultOf(decode, R"({"receiptNo":"YM1","status":"submitted","statusText":"已提交"})") == "timeline");
    CHECK(faultOf(decode,
                  R"({"receiptNo":"YM1","status":"submitted","statusText":"已提交","timeline":[)"
                  R"({"status":"submitted","text":"已提交","at":"2026-11-29T06:30:00Z"},{"status":1}]})") ==
          "timeline[1].status");
    CHECK(
        faultOf(decode, R"({"receiptNo":"YM1","status":"submitted","statusText":"已提交","timeline":[3]})") ==
        "timeline[0]");
    CHECK(faultOf(decode, R"({"receiptNo":1})") == "receiptNo");
}

TEST_CASE("a refused application's status carries the refusal; a refusal of the wrong shape is named",
          "[api]") {
    ApplicationStatus refused;
    refused.receiptNo = "YM00012611290008";
    refused.status = "refused";
    refused.statusText = "未能提交";
    refused.refusal =
        Refusal{"validation_failed", "出生日期不能晚于今天", "请携带本回执到政务服务中心窗口办理"};
    const std::string body = encodeApplicationStatus(refused);
    const Decoding<ApplicationStatus> read = decodeApplicationStatus(body);
    REQUIRE_FALSE(read.fault);
    REQUIRE(read.value.refusal);
    CHECK(read.value.refusal->code == "validation_failed");
    CHECK(read.value.refusal->nextStep == "请携带本回执到政务服务中心窗口办理");

    refused.refusal.reset();
    CHECK(encodeApplicationStatus(refused).find("refusal") == std::string::npos);

    const Decoding<ApplicationStatus> broken = decodeApplicationStatus(
        R"({"receiptNo":"YM00012611290008","status":"refused","statusText":"未能提交","timeline":[],)"
        R"("refusal":{"code":"validation_failed","message":"x"}})");
    REQUIRE(broken.fault);
    CHECK(broken.fault->field == "refusal.nextStep");
}

TEST_CASE("a rating and its answer survive their codecs; tags are named by index", "[api]") {
    const NewRating rating{"YM00012611290007", 4, {"办事快"}, "很方便"};
    const Decoding<NewRating> back = decodeNewRating(std::string_view(encodeNewRating(rating)));
    REQUIRE_FALSE(back.fault);
    CHECK(back.value.level == 4);
    CHECK(back.value.tags == rating.tags);
    CHECK(back.value.comment == "很方便");
    CHECK(encodeNewRating({"", 3, {}, ""}) == R"({"level":3,"tags":[]})");

    const auto decode = [](const std::string& body) { return decodeNewRating(std::string_view(body)); };
    CHECK(faultOf(decode, R"({"tags":[]})") == "level");
    CHECK(faultOf(decode, R"({"level":"5"})") == "level");
    CHECK(faultOf(decode, R"({"level":5,"tags":["好",2]})") == "tags[1]");
    CHECK(faultOf(decode, R"({"level":5,"tags":"好"})") == "tags");
    CHECK(faultOf(decode, R"({"level":5,"comment":false})") == "comment");

    CHECK(encodeRatingCreated({"R000045", 5, "key-0002-abcdef"}) ==
          R"({"idempotencyKey":"key-0002-abcdef","level":5,"ratingId":"R000045"})");
    CHECK(faultOf([](const std::string& b) { return decodeRatingCreated(b); }, R"({"level":5})") ==
          "ratingId");
}

TEST_CASE("a receipt sequence is written with every member and its last sequence is required", "[api]") {
    CHECK(encodeReceiptSequence({1, "261129", 7}) ==
          R"({"day":"261129","lastSequence":7,"terminalNumber":1})");
    const auto decode = [](const std::string& body) { return decodeReceiptSequence(body); };
    CHECK(faultOf(decode, R"({"day":"261129"})") == "lastSequence");
    CHECK(faultOf(decode, R"({"lastSequence":7,"day":261129})") == "day");
    CHECK(decodeReceiptSequence(R"({"lastSequence":7})").value.lastSequence == 7);
}

TEST_CASE("no bytes make a decoder throw", "[api]") {
    const char* bodies[] = {"",
                            "{",
                            "null",
                            "\xff\xfe",
                            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                            R"({"error":[]})",
                            R"({"timeline":{}})",
                            R"({"level":1e400})"};
    for (const char* body : bodies) {
        CHECK_NOTHROW(decodeErrorBody(400, body));
        CHECK_NOTHROW(decodeNewApplication(std::string_view(body)));
        CHECK_NOTHROW(decodeApplicationCreated(body));
        CHECK_NOTHROW(decodeApplicationStatus(body));
        CHECK_NOTHROW(decodeNewRating(std::string_view(body)));
        CHECK_NOTHROW(decodeRatingCreated(body));
        CHECK_NOTHROW(decodeReceiptSequence(body));
    }
    CHECK_FALSE(parseJsonObject(std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']')));
}

TEST_CASE("a holder's applications round-trip, and a list of the wrong shape names the entry at fault",
          "[api]") {
    const HolderApplications list{{{"YM00012611290007", "pension-enrolment", "参保登记", "人社局",
                                    "completed", "已办结", "2026-11-29T06:30:00Z", "2026-12-03T02:00:00Z"},
                                   {"YM00012612010002", "residence-certificate", "居住证明", "镇派出所",
                                    "accepted", "已受理", "2026-12-01T01:00:00Z", ""}}};
    const std::string body = encodeHolderApplications(list);
    CHECK(body.find("completedAt", body.find("YM00012612010002")) == std::string::npos);
    const Decoding<HolderApplications> read = decodeHolderApplications(body);
    REQUIRE_FALSE(read.fault);
    REQUIRE(read.value.applications.size() == 2);
    CHECK(read.value.applications[0].completedAt == "2026-12-03T02:00:00Z");
    CHECK(read.value.applications[1].statusText == "已受理");

    const auto decode = [](const std::string& text) { return decodeHolderApplications(text); };
    CHECK(faultOf(decode, R"({})") == "applications");
    CHECK(faultOf(decode, R"({"applications":[{"receiptNo":"YM1","status":"completed"}]})") ==
          "applications[0].statusText");
    CHECK(faultOf(decode, R"({"applications":[7]})") == "applications[0]");

    CHECK(encodeHolderQuery({"450122195608140264"}) == R"({"idNumber":"450122195608140264"})");
    CHECK(decodeHolderQuery(nlohmann::json::parse(R"({"idNumber":"450122195608140264"})")).value.idNumber ==
          "450122195608140264");
    CHECK(decodeHolderQuery(nlohmann::json::parse(R"({"idNumber":7})")).fault);
}
