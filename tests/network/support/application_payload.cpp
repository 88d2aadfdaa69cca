// Valid application and rating bodies: every required answer derived from the field's type and options.
#include "application_payload.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/id_number.h"

namespace yimen::network::test {
namespace {

std::string nowIso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string answerFor(const FieldSpec& field, const TestApplicant& applicant) {
    switch (field.prefill) {
    case Prefill::name: return applicant.name;
    case Prefill::idNumber: return applicant.idNumber;
    case Prefill::address: return applicant.address;
    case Prefill::birthDate: return applicant.birthDate;
    case Prefill::sex:
    case Prefill::nation:
    case Prefill::none: break;
    }
    switch (field.type) {
    case FieldType::text: return field.prefill == Prefill::nation ? applicant.nation : "一二";
    case FieldType::phone: return "13800138000";
    case FieldType::date: return "2020-02-29";
    case FieldType::choice: return field.options.empty() ? std::string() : field.options.front();
    case FieldType::idNumber: return applicant.idNumber;
    case FieldType::address: return applicant.address;
    }
    return {};
}

}  // namespace

TestApplicant testApplicant() {
    TestApplicant applicant;
    const std::string first17 = "11010119491231002";
    applicant.idNumber = first17 + idNumberCheckChar(first17);
    return applicant;
}

std::string applicationJson(const Item& item, const std::string& receiptNo, const std::string& queryCode,
                            const std::map<std::string, std::string>& overrides) {
    const TestApplicant applicant = testApplicant();
    nlohmann::json answers = nlohmann::json::object();
    for (const FieldSpec& field : item.fields) {
        if (field.required)
            answers[field.id] = answerFor(field, applicant);
    }
    for (const auto& [id, value] : overrides) {
        if (value.empty())
            answers.erase(id);
        else
            answers[id] = value;
    }
    nlohmann::json body = {
        {"itemId", item.id},
        {"receiptNo", receiptNo},
        {"queryCode", queryCode},
        {"submittedAt", nowIso8601()},
        {"applicant",
         {{"name", applicant.name},
          {"idNumber", applicant.idNumber},
          {"sex", applicant.sex},
          {"nation", applicant.nation},
          {"birthDate", applicant.birthDate},
          {"address", applicant.address}}},
        {"answers", answers},
    };
    return body.dump();
}

std::string ratingJson(const std::string& receiptNo, int level) {
    nlohmann::json body = {{"level", level}, {"tags", {"办事快"}}, {"comment", "很方便"}};
    if (!receiptNo.empty())
        body["receiptNo"] = receiptNo;
    return body.dump();
}

std::string receiptNumber(int n) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "YM0001%010d", n);  // terminal 1: kiosk-0001's
    return buffer;
}

}  // namespace yimen::network::test
