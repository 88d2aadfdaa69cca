// The rating operation of the v1 API: POST /ratings (NewRating, answered RatingCreated).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/api/decoding.h"

namespace yimen::api {

// The body of POST /ratings, as far as its shape goes (the platform judges the level, the tags and the
// comment).
struct NewRating {
    std::string receiptNo;  // the application rated; empty: absent
    int level = 0;          // 5 非常满意 … 1 非常不满意
    std::vector<std::string> tags;
    std::string comment;  // empty: absent
};

// The answer to a new rating (201, and 200 on a replay).
struct RatingCreated {
    std::string ratingId;  // R000045
    int level = 0;
    std::string idempotencyKey;  // empty: absent (answers stored before the key was echoed)
};

// Compact JSON, keys sorted (api::dumpJson); tags always, receiptNo and comment when not empty.
std::string encodeNewRating(const NewRating& rating);
// ratingId and level always; idempotencyKey when not empty.
std::string encodeRatingCreated(const RatingCreated& created);

// Reads, in this order, stopping at the first fault: receiptNo (optional string; null is absent), level (a
// required integer that fits an int), tags (optional list of strings: fault "tags" or "tags[i]"), comment
// (optional string). `body` must be a JSON object. Never throws.
Decoding<NewRating> decodeNewRating(const nlohmann::json& body);
Decoding<NewRating> decodeNewRating(std::string_view body);

// Reads ratingId (required), idempotencyKey, level (optional), in this order. Never throws.
Decoding<RatingCreated> decodeRatingCreated(std::string_view body);

}  // namespace yimen::api
