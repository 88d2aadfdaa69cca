// The body of POST /api/v1/ratings (好差评): parsed and checked.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "platform/api_error.h"
#include "platform/application_store.h"

namespace yimen::platform {

inline constexpr std::size_t kMaxRatingCommentLength = 200;  // characters
inline constexpr std::size_t kMaxRatingTags = 10;
inline constexpr std::size_t kMaxRatingTagLength = 20;  // characters

struct RatingRequest {
    NewRating rating;
    std::string fingerprint;  // identifies the body for idempotency: equal for equal JSON
};

// The checked rating, or: malformed_json (400); invalid_receipt_no, validation_failed with field
// level (not an integer 1..5), tags or comment (422). Never throws.
std::variant<RatingRequest, ApiError> parseRatingRequest(std::string_view body);

// 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意; nullptr outside 1..5.
const char* ratingLevelText(int level);

}  // namespace yimen::platform
