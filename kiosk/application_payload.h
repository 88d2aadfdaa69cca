// The JSON bodies the kiosk sends: POST /api/v1/applications and POST /api/v1/ratings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/identity.h"

namespace yimen::kiosk {

struct ApplicationDraft {
    std::string itemId;
    std::string receiptNo;
    std::string queryCode;
    std::string submittedAt;                       // ISO 8601 UTC
    const Identity* applicant = nullptr;  // borrowed for the call
    const std::map<std::string, std::string>* answers = nullptr;
    // The ETag of the catalog the citizen applied under (quoted or not, "" when unknown): the platform
    // judges the application by that version's rules.
    std::string catalogEtag;
    // The kiosk's UTC offset: the platform judges date rules ("not after today") in the kiosk's day.
    int utcOffsetMinutes = 0;
};

// The application body: itemId, receiptNo, queryCode, submittedAt, applicant, answers, catalogVersion (the
// ETag without quotes or weak prefix, or "") and utcOffsetMinutes.
std::string applicationPayload(const ApplicationDraft& draft);
// An ETag's value without its quotes and weak prefix: W/"abc" -> abc.
std::string catalogVersionOf(const std::string& etag);
std::string ratingPayload(const std::string& receiptNo, int level, const std::vector<std::string>& tags = {});

// "2026-11-29T06:30:00Z" for a Unix time in milliseconds.
std::string isoUtc(std::int64_t ms);
// "2026-11-29 14:30" at a fixed UTC offset, for printing.
std::string localMinute(std::int64_t ms, int utcOffsetMinutes);

}  // namespace yimen::kiosk
