// The body of POST /api/v1/applications: parsed, then checked against the catalog, in the contract's order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/api/application.h"
#include "common/catalog.h"
#include "platform/api_error.h"
#include "platform/application_store.h"

namespace yimen::platform {

// The widest UTC offsets in use: UTC-14:00 and UTC+14:00.
inline constexpr int kMaxUtcOffsetMinutes = 14 * 60;

// What the platform reads from a body before it judges it: enough to look the idempotency key up and to pick
// the rules the application was made under.
struct ApplicationEnvelope {
    api::Decoding<api::NewApplication> decoded;  // the body as the contract shapes it, up to its first fault
    std::string fingerprint;                     // identifies the body for idempotency: equal for equal JSON
    std::string catalogVersion;           // the catalog version the kiosk named; empty when it named none
    std::optional<int> utcOffsetMinutes;  // the kiosk's UTC offset, when it sent one
};

struct ApplicationRequest {
    NewApplication application;  // item name and department filled in from the catalog
    std::string fingerprint;     // as in ApplicationEnvelope
};

// The body as an envelope, or malformed_json (400); validation_failed (422) with field catalogVersion (not a
// string) or utcOffsetMinutes (not an integer within ±kMaxUtcOffsetMinutes). Never throws.
std::variant<ApplicationEnvelope, ApiError> parseApplicationEnvelope(std::string_view body);

// The checked request, or the first problem as the contract words it (422): unknown_item, invalid_receipt_no,
// invalid_query_code, validation_failed (submittedAt, applicant.*), unknown_field, validation_failed (a form
// field, with yimen::validateField's message). `todayYmd` (YYYYMMDD) is the last day a date may name. Never
// throws.
std::variant<ApplicationRequest, ApiError> checkApplication(const ApplicationEnvelope& envelope,
                                                            const Catalog& catalog,
                                                            const std::string& todayYmd);

// Both steps at once. `todayYmd` empty means today on this machine's clock.
std::variant<ApplicationRequest, ApiError> parseApplicationRequest(std::string_view body,
                                                                   const Catalog& catalog,
                                                                   const std::string& todayYmd = {});

// ^[A-Z0-9]{6,32}$
bool isReceiptNo(std::string_view text);

// The terminal number a receipt number names: YM + 4-digit terminal + yyMMdd + 4-digit sequence. Nothing
// when `receiptNo` does not have that shape.
std::optional<int> receiptTerminal(std::string_view receiptNo);

// Six digits.
bool isQueryCode(std::string_view text);

}  // namespace yimen::platform
