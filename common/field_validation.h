// Validation of one form answer against its field spec; the same rules on the kiosk and the platform.
#pragma once

#include <optional>
#include <string>

#include "common/catalog.h"

namespace yimen {

struct FieldError {
    std::string fieldId;
    std::string message;  // short Chinese sentence saying how to fix it, fit to show a citizen
};

// Returns the problem with `value` for `field`, or nothing if it is acceptable.
// An empty value is acceptable only for a field that is not required. Dates may not be later than today.
// `todayYmd` (YYYYMMDD) bounds dates and ID birth dates; empty means the system clock's today.
std::optional<FieldError> validateField(const FieldSpec& field, const std::string& value,
                                        const std::string& todayYmd = {});

// Checks a mobile number: 11 digits starting 13-19.
bool isMobilePhone(const std::string& value);

// Checks YYYY-MM-DD for a real calendar date.
bool isCalendarDate(const std::string& value);

// Today as YYYYMMDD (local time).
std::string todayYmd();

// Number of UTF-8 code points.
std::size_t utf8Length(const std::string& s);

}  // namespace yimen
