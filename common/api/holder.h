// The holder operation of the v1 API: POST /holders/applications (HolderQuery, answered HolderApplications),
// the applications of the person whose ID card is on the reader. The ID number travels in the body only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/api/decoding.h"

namespace yimen::api {

// The body of POST /holders/applications.
struct HolderQuery {
    std::string idNumber;  // the card's, 18 characters
};

// One application of the holder, as the 打印 journey lists it: no personal data.
struct HolderApplication {
    std::string receiptNo;
    std::string itemId;
    std::string itemName;
    std::string department;
    std::string status;       // submitted, accepted, reviewing, completed, rejected
    std::string statusText;   // 已提交 …
    std::string submittedAt;  // ISO 8601 UTC
    std::string completedAt;  // ISO 8601 UTC when completed (empty: absent)
};

// The answer: newest first, at most kMaxHolderApplications.
struct HolderApplications {
    std::vector<HolderApplication> applications;
};
inline constexpr std::size_t kMaxHolderApplications = 50;

// Compact JSON, keys sorted (api::dumpJson); completedAt only when not empty.
std::string encodeHolderQuery(const HolderQuery& query);
std::string encodeHolderApplications(const HolderApplications& list);

// Reads idNumber (a required string). `body` must be a JSON object. Never throws.
Decoding<HolderQuery> decodeHolderQuery(const nlohmann::json& body);
// Reads applications (a required list; each an object: fault "applications[i]" or "applications[i].KEY") with
// receiptNo, status, statusText (required strings), itemId, itemName, department, submittedAt, completedAt
// (optional strings). Never throws.
Decoding<HolderApplications> decodeHolderApplications(std::string_view body);

}  // namespace yimen::api
