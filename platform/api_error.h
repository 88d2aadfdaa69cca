// The platform's error answers: the contract's error type (common/api/error_body.h) in the wording of each
// case.
#pragma once

#include <chrono>
#include <string>

#include "common/api/error_body.h"

namespace yimen::platform {

using ApiError = api::ApiError;

// Each builds the answer for one case, with its HTTP status, stable code and citizen-facing message.
namespace apiError {

ApiError malformedJson();
ApiError missingIdempotencyKey();
ApiError validationFailed(std::string field, std::string message);
ApiError notFound();  // unknown path
ApiError receiptNotFound();
ApiError methodNotAllowed();
ApiError payloadTooLarge();
ApiError malformedRequest();  // HTTP that could not be parsed
ApiError idempotencyKeyReused();
ApiError duplicateReceipt();
// 409 already_rated: the application was rated before; an application is rated once.
ApiError alreadyRated();
// 422 unknown_receipt: a rating names a receipt the platform holds no application for.
ApiError ratingOfUnknownReceipt();
// 429 too_many_attempts: 查询次数过多，请N分钟后再试, N the minutes of `retryAfter` rounded up (at least 1).
ApiError tooManyAttempts(std::chrono::seconds retryAfter);
ApiError internal();

}  // namespace apiError
}  // namespace yimen::platform
