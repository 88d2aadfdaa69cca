// What the on-screen keys do to a form answer: pure editing rules per field type, and how answers are shown.
#pragma once

#include <string>
#include <string_view>

#include "common/catalog.h"

namespace yimen::screens {

// Key names: "0".."9", "X", "A".."Z", "delete" (removes the last character), "clear" (empties the answer).
// Returns the whole answer after pressing `key` on the keypad of `field`:
// - phone: digits only, at most 11;
// - idNumber: digits and X, at most 18;
// - date: digits only, at most 8, formatted YYYY-MM-DD as they are typed ("2025" "2025-0" "2025-03-1");
// - text and address: any key appended, at most field.maxLength characters.
// A key the field does not accept, or one past the limit, leaves the answer unchanged. Pure.
std::string pressKey(const FieldSpec& field, const std::string& draft, std::string_view key);

// Appends typed text (from a physical keyboard) with the same limits as pressKey. Pure.
std::string typeText(const FieldSpec& field, const std::string& draft, std::string_view typed);

// The digits of a date answer formatted as typed so far: "20250318" -> "2025-03-18", "20250" -> "2025-0".
std::string formatDateDigits(std::string_view digits);

// An answer grouped for reading: phone 138 0013 8000, ID number 450122 19560814 0264; others unchanged. Pure.
std::string displayValue(FieldType type, const std::string& value);

}  // namespace yimen::screens
