// The body of POST /api/v1/applications: parsed and checked against the catalog, in the contract's order.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "common/catalog.h"
#include "platform/api_error.h"
#include "platform/application_store.h"

namespace yimen::platform {

struct ApplicationRequest {
    NewApplication application;  // item name and department filled in from the catalog
    std::string fingerprint;     // identifies the body for idempotency: equal for equal JSON
};

// The checked request, or the first problem as the contract words it: malformed_json (400); unknown_item,
// invalid_receipt_no, invalid_query_code, validation_failed (submittedAt, applicant.*), unknown_field,
// validation_failed (a form field, with yimen::validateField's message) (422).
// `todayYmd` (YYYYMMDD) bounds dates; empty means today. Never throws.
std::variant<ApplicationRequest, ApiError> parseApplicationRequest(std::string_view body,
                                                                   const Catalog& catalog,
                                                                   const std::string& todayYmd = {});

// ^[A-Z0-9]{6,32}$
bool isReceiptNo(std::string_view text);

// Six digits.
bool isQueryCode(std::string_view text);

}  // namespace yimen::platform
