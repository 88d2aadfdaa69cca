// The platform's error answers: an HTTP status and the contract's JSON error body.
#pragma once

#include <string>

namespace yimen::platform {

// {"error":{"code":"…","message":"…","field":"…"}} with its HTTP status. `field` only when one field is at
// fault.
struct ApiError {
    int httpStatus = 500;
    std::string code;     // stable, e.g. "validation_failed"
    std::string message;  // a short Chinese sentence fit for a citizen
    std::string field;    // e.g. "applicant.idNumber"; empty when no single field is at fault

    std::string toJson() const;

    static ApiError malformedJson();
    static ApiError missingIdempotencyKey();
    static ApiError validationFailed(std::string field, std::string message);
    static ApiError notFound();  // unknown path
    static ApiError receiptNotFound();
    static ApiError methodNotAllowed();
    static ApiError payloadTooLarge();
    static ApiError malformedRequest();  // HTTP that could not be parsed
    static ApiError idempotencyKeyReused();
    static ApiError duplicateReceipt();
    static ApiError internal();
};

}  // namespace yimen::platform
