// The application operations of the v1 API: POST /applications (NewApplication, answered ApplicationCreated)
// and GET /applications/{receiptNo} (answered ApplicationStatus).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/api/decoding.h"

namespace yimen::api {

// The applicant's keys the contract knows; a decoder leaves any other key out.
inline constexpr std::array<const char*, 6> kApplicantKeys = {"name",   "idNumber",  "sex",
                                                              "nation", "birthDate", "address"};

// The body of POST /applications, as far as its shape goes (the platform judges its content).
struct NewApplication {
    std::string itemId;
    std::string receiptNo;
    std::string queryCode;
    std::string submittedAt;                       // ISO 8601 UTC
    std::map<std::string, std::string> applicant;  // kApplicantKeys only
    std::map<std::string, std::string> answers;    // field id -> value
    std::optional<std::string> catalogVersion;     // absent when unknown
    std::optional<int> utcOffsetMinutes;           // absent: the UTC day
};

// The answer to a new application (201, and 200 on a replay).
struct ApplicationCreated {
    std::string applicationId;  // A000123
    std::string receiptNo;
    std::string status;          // submitted
    std::string statusText;      // 已提交
    std::string createdAt;       // ISO 8601 UTC
    std::string idempotencyKey;  // empty: absent (answers stored before the key was echoed)
};

struct TimelineEntry {
    std::string status;      // submitted, accepted, reviewing, completed, rejected, refused
    std::string text;        // 已提交, 已受理, 审核中, 已办结, 不予受理
    std::string at;          // ISO 8601 UTC
    std::string note;        // the reason of a rejection; may be empty
    std::string department;  // who took this step (empty: absent; the kiosk's own step has none)
    std::string nextStep;    // with a rejection: what the citizen should do now (empty: absent)
};

// The answer to GET /applications/{receiptNo}.
// Why the platform refused an application for good (status "refused"), and what the citizen should do.
struct Refusal {
    std::string code;
    std::string message;
    std::string nextStep;
};

struct ApplicationStatus {
    std::string receiptNo;
    std::string itemId;
    std::string itemName;
    std::string department;
    std::string status;
    std::string statusText;
    std::string submittedAt;
    std::vector<TimelineEntry> timeline;  // oldest first
    std::string promisedBy;          // YYYY-MM-DD, the 承诺时限 day (empty: absent, e.g. when refused)
    std::optional<Refusal> refusal;  // only with status "refused"
    std::string ratedAt;             // ISO 8601 UTC of its rating (empty: absent, not rated yet)
};

// Encoders: compact JSON, keys sorted (api::dumpJson). Optional members are written when present (not empty).
std::string encodeNewApplication(const NewApplication& application);
std::string encodeApplicationCreated(const ApplicationCreated& created);
std::string encodeApplicationStatus(const ApplicationStatus& status);

// Reads, in this order, stopping at the first fault: catalogVersion, utcOffsetMinutes (optional; null is
// absent), itemId, receiptNo, queryCode, submittedAt (strings), applicant (an object; of its members in key
// order only kApplicantKeys, each a string: fault "applicant.KEY"), answers (optional; an object whose
// members in key order are strings: fault "answers.KEY"). `body` must be a JSON object. Never throws.
Decoding<NewApplication> decodeNewApplication(const nlohmann::json& body);
// The same from text (api::parseJsonObject); the body itself is at fault when it is not a JSON object.
Decoding<NewApplication> decodeNewApplication(std::string_view body);

// Reads receiptNo (required), idempotencyKey, applicationId, status, statusText, createdAt (optional
// strings), in this order. Never throws.
Decoding<ApplicationCreated> decodeApplicationCreated(std::string_view body);

// Reads receiptNo, status, statusText (required), itemId, itemName, department (optional), timeline (a
// required list of objects with status, text, at required and note optional: fault "timeline[i].KEY"), and
// submittedAt (optional), in this order. Never throws.
Decoding<ApplicationStatus> decodeApplicationStatus(std::string_view body);

}  // namespace yimen::api
