// Checks of a new application. The kiosk validated the same things with the same rules
// (common/field_validation.h); the platform checks again because it trusts no client.
#include "platform/application_request.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/field_validation.h"
#include "platform/digest.h"
#include "platform/json_body.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

constexpr std::array<const char*, 6> kApplicantKeys = {"name",   "idNumber",  "sex",
                                                       "nation", "birthDate", "address"};
constexpr std::size_t kMaxApplicantValueLength = 100;

// The string at `key`, or nothing when absent or not a string.
std::optional<std::string> stringAt(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

std::optional<ApiError> checkApplicant(const nlohmann::json& body, const std::string& today,
                                       std::map<std::string, std::string>& applicant) {
    const auto it = body.find("applicant");
    if (it == body.end() || !it->is_object())
        return ApiError::validationFailed("applicant", "缺少申请人信息，请重新读取身份证");
    for (const auto& [key, value] : it->items()) {
        if (std::find(kApplicantKeys.begin(), kApplicantKeys.end(), key) == kApplicantKeys.end())
            continue;
        if (!value.is_string() || utf8Length(value.get<std::string>()) > kMaxApplicantValueLength)
            return ApiError::validationFailed("applicant." + key, "申请人信息格式不正确，请重新读取身份证");
        applicant[key] = value.get<std::string>();
    }
    const auto name = applicant.find("name");
    if (name == applicant.end() || name->second.empty())
        return ApiError::validationFailed("applicant.name", "缺少申请人姓名，请重新读取身份证");

    FieldSpec idSpec;
    idSpec.id = "applicant.idNumber";
    idSpec.label = "身份证号码";
    idSpec.type = FieldType::idNumber;
    idSpec.required = true;
    idSpec.maxLength = 18;
    const auto id = applicant.find("idNumber");
    if (auto problem = validateField(idSpec, id != applicant.end() ? id->second : std::string(), today))
        return ApiError::validationFailed(problem->fieldId, problem->message);

    const auto birth = applicant.find("birthDate");
    if (birth != applicant.end() && !birth->second.empty() && !isCalendarDate(birth->second))
        return ApiError::validationFailed("applicant.birthDate", "出生日期格式不正确，请重新读取身份证");
    return std::nullopt;
}

std::optional<ApiError> checkAnswers(const nlohmann::json& body, const Item& item, const std::string& today,
                                     std::map<std::string, std::string>& answers) {
    const auto it = body.find("answers");
    if (it != body.end() && !it->is_object())
        return ApiError::validationFailed("answers", "表单内容格式不正确，请重新填写");
    if (it != body.end()) {
        for (const auto& [key, value] : it->items()) {
            const FieldSpec* field = item.field(key);
            if (field == nullptr)
                return ApiError{422, "unknown_field", "表单中有本事项不需要的内容，请重新填写", key};
            if (!value.is_string())
                return ApiError::validationFailed(key, field->label + "格式不正确，请重新填写");
            answers[key] = value.get<std::string>();
        }
    }
    for (const FieldSpec& field : item.fields) {
        const auto answer = answers.find(field.id);
        if (auto problem =
                validateField(field, answer != answers.end() ? answer->second : std::string(), today))
            return ApiError::validationFailed(field.id, problem->message);
    }
    return std::nullopt;
}

}  // namespace

bool isReceiptNo(std::string_view text) {
    return text.size() >= 6 && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
           });
}

bool isQueryCode(std::string_view text) {
    return text.size() == 6 && std::all_of(text.begin(), text.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c));
           });
}

std::optional<int> receiptTerminal(std::string_view receiptNo) {
    constexpr std::size_t kLength = 2 + 4 + 6 + 4;
    if (receiptNo.size() != kLength || receiptNo.substr(0, 2) != "YM" ||
        !std::all_of(receiptNo.begin() + 2, receiptNo.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return std::nullopt;
    int terminal = 0;
    for (std::size_t i = 2; i < 6; ++i) terminal = terminal * 10 + (receiptNo[i] - '0');
    return terminal;
}

std::variant<ApplicationEnvelope, ApiError> parseApplicationEnvelope(std::string_view body) {
    std::optional<nlohmann::json> json = parseJsonObject(body);
    if (!json)
        return ApiError::malformedJson();
    ApplicationEnvelope envelope;
    if (const auto it = json->find("catalogVersion"); it != json->end() && !it->is_null()) {
        if (!it->is_string())
            return ApiError::validationFailed("catalogVersion", "事项版本格式不正确，请重新提交");
        envelope.catalogVersion = it->get<std::string>();
    }
    if (const auto it = json->find("utcOffsetMinutes"); it != json->end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<long long>() < -kMaxUtcOffsetMinutes ||
            it->get<long long>() > kMaxUtcOffsetMinutes)
            return ApiError::validationFailed("utcOffsetMinutes", "终端时区不正确，请联系工作人员");
        envelope.utcOffsetMinutes = static_cast<int>(it->get<long long>());
    }
    envelope.fingerprint = sha256Hex(canonicalJson(*json));
    envelope.body = std::move(*json);
    return envelope;
}

std::variant<ApplicationRequest, ApiError> checkApplication(const ApplicationEnvelope& envelope,
                                                            const Catalog& catalog,
                                                            const std::string& today) {
    const nlohmann::json& json = envelope.body;
    ApplicationRequest request;
    NewApplication& a = request.application;

    const auto itemId = stringAt(json, "itemId");
    const Item* item = itemId ? catalog.item(*itemId) : nullptr;
    if (item == nullptr)
        return ApiError{422, "unknown_item", "该事项暂时不能办理，请重新选择", "itemId"};
    a.itemId = item->id;
    a.itemName = item->name;
    a.department = item->department;

    const auto receiptNo = stringAt(json, "receiptNo");
    if (!receiptNo || !isReceiptNo(*receiptNo))
        return ApiError{422, "invalid_receipt_no", "回执号格式不正确", "receiptNo"};
    a.receiptNo = *receiptNo;

    const auto queryCode = stringAt(json, "queryCode");
    if (!queryCode || !isQueryCode(*queryCode))
        return ApiError{422, "invalid_query_code", "查询码应为6位数字", "queryCode"};
    a.queryCode = *queryCode;

    const auto submittedAt = stringAt(json, "submittedAt");
    if (!submittedAt || !isIso8601Timestamp(*submittedAt))
        return ApiError::validationFailed("submittedAt", "提交时间格式不正确，请重新提交");
    a.submittedAt = *submittedAt;

    if (auto problem = checkApplicant(json, today, a.applicant))
        return *problem;
    if (auto problem = checkAnswers(json, *item, today, a.answers))
        return *problem;

    request.fingerprint = envelope.fingerprint;
    return request;
}

std::variant<ApplicationRequest, ApiError> parseApplicationRequest(std::string_view body,
                                                                   const Catalog& catalog,
                                                                   const std::string& todayYmd) {
    auto envelope = parseApplicationEnvelope(body);
    if (const auto* problem = std::get_if<ApiError>(&envelope))
        return *problem;
    return checkApplication(std::get<ApplicationEnvelope>(envelope), catalog,
                            todayYmd.empty() ? yimen::todayYmd() : todayYmd);
}

}  // namespace yimen::platform
