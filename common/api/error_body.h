// The error answer of the v1 API: an HTTP status and the body {"error":{"code","message","field"}}.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace yimen::api {

// An error answer. `field` only when one field is at fault.
struct ApiError {
    int httpStatus = 0;
    std::string code;     // stable, for programs, e.g. "validation_failed"
    std::string message;  // a short Chinese sentence fit to show a citizen
    std::string field;    // e.g. "applicant.idNumber"; empty when no single field is at fault
};

// {"error":{"code":…,"field":…,"message":…}} (keys sorted, no spaces), "field" only when not empty.
std::string encodeErrorBody(const ApiError& error);

// The error answer with status `httpStatus` and body `body`. Errors: invalidInput naming the field at fault
// when the body is not a JSON object with "error" an object whose "code" and "message" are non-empty strings.
// A "field" that is not a string is left out: it never hides the code and the message. Never throws.
[[nodiscard]] Expected<ApiError> decodeErrorBody(int httpStatus, std::string_view body);

}  // namespace yimen::api
