// The error body's codec.
#include "common/api/error_body.h"

#include "common/api/json_fields.h"
#include "common/api/json_text.h"

namespace yimen::api {

std::string encodeErrorBody(const ApiError& error) {
    nlohmann::json inner = {{"code", error.code}, {"message", error.message}};
    if (!error.field.empty())
        inner["field"] = error.field;
    return dumpJson(nlohmann::json{{"error", inner}});
}

Expected<ApiError> decodeErrorBody(int httpStatus, std::string_view body) {
    const std::optional<nlohmann::json> doc = parseJsonObject(body);
    if (!doc)
        return fail(FieldFault{{}, fields::kNotJsonObject}.toError());
    const auto inner = doc->find("error");
    if (inner == doc->end() || !inner->is_object())
        return fail(
            FieldFault{"error", inner == doc->end() ? fields::kMissing : fields::kNotObject}.toError());
    ApiError error{httpStatus, {}, {}, {}};
    if (auto fault = fields::readString(*inner, "code", error.code, true, "error."))
        return fail(fault->toError());
    if (error.code.empty())
        return fail(FieldFault{"error.code", "is empty"}.toError());
    if (auto fault = fields::readString(*inner, "message", error.message, true, "error."))
        return fail(fault->toError());
    if (error.message.empty())
        return fail(FieldFault{"error.message", "is empty"}.toError());
    if (const auto field = inner->find("field"); field != inner->end() && field->is_string())
        error.field = field->get<std::string>();
    return error;
}

}  // namespace yimen::api
