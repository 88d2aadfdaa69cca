// Checks of a new application. The kiosk validated the same things with the same rules
// (common/field_validation.h); the platform checks again because it trusts no client.
#include "platform/application_request.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/api/json_text.h"
#include "common/field_validation.h"
#include "platform/digest.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

constexpr std::size_t kMaxApplicantValueLength = 100;

// Whether the decoder's first fault is at `field`.
bool faultAt(const api::Decoding<api::NewApplication>& decoded, std::string_view field) {
    return decoded.fault && decoded.fault->field == field;
}

// Whether the decoder's first fault is at a member of `object` ("applicant.sex" for "applicant"); its key
// then.
std::optional<std::string> faultInside(const api::Decoding<api::NewApplication>& decoded,
                                       std::string_view object) {
    if (!decoded.fault || decoded.fault->field.size() <= object.size() + 1 ||
        decoded.fault->field.compare(0, object.size(), object) != 0 ||
        decoded.fault->field[object.size()] != '.')
        return std::nullopt;
    return decoded.fault->field.substr(object.size() + 1);
}

// The applicant's members were read in key order up to the first fault; each is judged in that order, the
// fault in its turn.
std::optional<ApiError> checkApplicant(const api::Decoding<api::NewApplication>& decoded,
                                       const std::string& today,
                                       std::map<std::string, std::string>& applicant) {
    if (faultAt(decoded, "applicant"))
        return apiError::validationFailed("applicant", "缺少申请人信息，请重新读取身份证");
    applicant = decoded.value.applicant;
    for (const auto& [key, value] : applicant)
        if (utf8Length(value) > kMaxApplicantValueLength)
            return apiError::validationFailed("applicant." + key, "申请人信息格式不正确，请重新读取身份证");
    if (const auto key = faultInside(decoded, "applicant"))
        return apiError::validationFailed("applicant." + *key, "申请人信息格式不正确，请重新读取身份证");
    const auto name = applicant.find("name");
    if (name == applicant.end() || name->second.empty())
        return apiError::validationFailed("applicant.name", "缺少申请人姓名，请重新读取身份证");

    FieldSpec idSpec;
    idSpec.id = "applicant.idNumber";
    idSpec.label = "身份证号码";
    idSpec.type = FieldType::idNumber;
    idSpec.required = true;
    idSpec.maxLength = 18;
    const auto id = applicant.find("idNumber");
    if (auto problem = validateField(idSpec, id != applicant.end() ? id->second : std::string(), today))
        return apiError::validationFailed(problem->fieldId, problem->message);

    const auto birth = applicant.find("birthDate");
    if (birth != applicant.end() && !birth->second.empty() && !isCalendarDate(birth->second))
        return apiError::validationFailed("applicant.birthDate", "出生日期格式不正确，请重新读取身份证");
    return std::nullopt;
}

ApiError unknownField(const std::string& key) {
    return ApiError{422, "unknown_field", "表单中有本事项不需要的内容，请重新填写", key};
}

// As checkApplicant: the answers read are judged in key order, then the fault.
std::optional<ApiError> checkAnswers(const api::Decoding<api::NewApplication>& decoded, const Item& item,
                                     const std::string& today, std::map<std::string, std::string>& answers) {
    if (faultAt(decoded, "answers"))
        return apiError::validationFailed("answers", "表单内容格式不正确，请重新填写");
    answers = decoded.value.answers;
    for (const auto& [key, value] : answers)
        if (item.field(key) == nullptr)
            return unknownField(key);
    if (const auto key = faultInside(decoded, "answers")) {
        const FieldSpec* field = item.field(*key);
        if (field == nullptr)
            return unknownField(*key);
        return apiError::validationFailed(*key, field->label + "格式不正确，请重新填写");
    }
    for (const FieldSpec& field : item.fields) {
        const auto answer = answers.find(field.id);
        if (auto problem =
                validateField(field, answer != answers.end() ? answer->second : std::string(), today))
            return apiError::validationFailed(field.id, problem->message);
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
    std::optional<nlohmann::json> json = api::parseJsonObject(body);
    if (!json)
        return apiError::malformedJson();
    ApplicationEnvelope envelope;
    envelope.decoded = api::decodeNewApplication(*json);
    const api::NewApplication& a = envelope.decoded.value;
    if (faultAt(envelope.decoded, "catalogVersion"))
        return apiError::validationFailed("catalogVersion", "事项版本格式不正确，请重新提交");
    envelope.catalogVersion = a.catalogVersion.value_or(std::string());
    if (faultAt(envelope.decoded, "utcOffsetMinutes") ||
        (a.utcOffsetMinutes &&
         (*a.utcOffsetMinutes < -kMaxUtcOffsetMinutes || *a.utcOffsetMinutes > kMaxUtcOffsetMinutes)))
        return apiError::validationFailed("utcOffsetMinutes", "终端时区不正确，请联系工作人员");
    envelope.utcOffsetMinutes = a.utcOffsetMinutes;
    envelope.fingerprint = sha256Hex(api::dumpJson(*json));
    return envelope;
}

std::variant<ApplicationRequest, ApiError> checkApplication(const ApplicationEnvelope& envelope,
                                                            const Catalog& catalog,
                                                            const std::string& today) {
    const api::Decoding<api::NewApplication>& decoded = envelope.decoded;
    const api::NewApplication& body = decoded.value;
    ApplicationRequest request;
    NewApplication& a = request.application;

    const Item* item = faultAt(decoded, "itemId") ? nullptr : catalog.item(body.itemId);
    if (item == nullptr)
        return ApiError{422, "unknown_item", "该事项暂时不能办理，请重新选择", "itemId"};
    a.itemId = item->id;
    a.itemName = item->name;
    a.department = item->department;

    if (faultAt(decoded, "receiptNo") || !isReceiptNo(body.receiptNo))
        return ApiError{422, "invalid_receipt_no", "回执号格式不正确", "receiptNo"};
    a.receiptNo = body.receiptNo;

    if (faultAt(decoded, "queryCode") || !isQueryCode(body.queryCode))
        return ApiError{422, "invalid_query_code", "查询码应为6位数字", "queryCode"};
    a.queryCode = body.queryCode;

    if (faultAt(decoded, "submittedAt") || !isIso8601Timestamp(body.submittedAt))
        return apiError::validationFailed("submittedAt", "提交时间格式不正确，请重新提交");
    a.submittedAt = body.submittedAt;

    if (auto problem = checkApplicant(decoded, today, a.applicant))
        return *problem;
    if (auto problem = checkAnswers(decoded, *item, today, a.answers))
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
