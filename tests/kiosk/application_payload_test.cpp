// Tests for kiosk/application_payload: the bodies match the API contract.
#include "kiosk/application_payload.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace yimen;
using namespace yimen::kiosk;

TEST_CASE("the application body carries the receipt, the applicant from the card and every answer",
          "[payload]") {
    Identity id;
    id.name = "韦秀英";
    id.idNumber = "450102199001011231";
    id.sex = "女";
    id.nation = "壮";
    id.birthDate = "1990-01-01";
    id.address = "广西壮族自治区南宁市武鸣区城厢镇东风村3号";
    std::map<std::string, std::string> answers = {{"phone", "13800138000"}, {"level", "300元"}};
    const auto j = nlohmann::json::parse(applicationPayload(
        {"pension", "YM00012611290001", "042137", "2026-11-29T06:30:00Z", &id, &answers, "", 480}));
    CHECK(j["itemId"] == "pension");
    CHECK(j["receiptNo"] == "YM00012611290001");
    CHECK(j["queryCode"] == "042137");
    CHECK(j["submittedAt"] == "2026-11-29T06:30:00Z");
    CHECK(j["applicant"]["idNumber"] == "450102199001011231");
    CHECK(j["applicant"]["nation"] == "壮");
    CHECK(j["answers"]["level"] == "300元");
    CHECK(j["answers"].size() == 2);
}

TEST_CASE("the application body names the catalog version and the kiosk's UTC offset it was made under",
          "[payload]") {
    Identity id;
    std::map<std::string, std::string> answers;
    ApplicationDraft draft{"pension", "YM00012611290001", "042137", "2026-11-29T06:30:00Z",
                           &id,       &answers,           "",       0};
    draft.catalogEtag = "\"2026-11-r3\"";
    draft.utcOffsetMinutes = 480;
    const auto j = nlohmann::json::parse(applicationPayload(draft));
    CHECK(j["catalogVersion"] == "2026-11-r3");
    CHECK(j["utcOffsetMinutes"] == 480);

    draft.catalogEtag.clear();
    draft.utcOffsetMinutes = -300;
    const auto unknown = nlohmann::json::parse(applicationPayload(draft));
    CHECK(unknown["catalogVersion"] == "");
    CHECK(unknown["utcOffsetMinutes"] == -300);
    CHECK(catalogVersionOf("W/\"abc\"") == "abc");
    CHECK(catalogVersionOf("abc") == "abc");
}

TEST_CASE("the rating body has the level and the receipt it is about", "[payload]") {
    const auto j = nlohmann::json::parse(ratingPayload("YM00012611290001", 4));
    CHECK(j["level"] == 4);
    CHECK(j["receiptNo"] == "YM00012611290001");
    CHECK_FALSE(nlohmann::json::parse(ratingPayload("", 5)).contains("receiptNo"));
}

TEST_CASE("times are written as UTC for the platform and local time for the citizen", "[payload]") {
    CHECK(isoUtc(1'764'397'800'000LL) == "2025-11-29T06:30:00Z");
    CHECK(localMinute(1'764'397'800'000LL, 480) == "2025-11-29 14:30");
}
