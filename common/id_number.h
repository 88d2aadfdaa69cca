// GB 11643-1999 citizen identity numbers: check digit, date part, masking for logs.
#pragma once

#include <string>
#include <string_view>

namespace yimen {

enum class IdNumberProblem { none, length, characters, region, birthDate, checkDigit };

// Checks an 18-character number: 17 digits, then a digit or X; a region code that is not 000000;
// a real birth date no later than today (YYYYMMDD, year 1900+); the MOD 11-2 check digit.
IdNumberProblem checkIdNumber(std::string_view id, std::string_view todayYmd = {});

// The GB 11643 check character ('0'..'9' or 'X') for the first 17 digits.
char idNumberCheckChar(std::string_view first17);

// 4504**********123X: first 4 and last 4 kept. Anything shorter than 8 becomes all stars.
std::string maskIdNumber(std::string_view id);

// Replaces every 18-character run that looks like an ID number (17 digits + digit/X) with its mask.
// Used by the log sink and the audit trail as a last line of defence.
std::string scrubIdNumbers(std::string_view text);

}  // namespace yimen
