// GET /kiosks/self/receipts of the v1 API: the last receipt sequence the platform holds for a kiosk on a day.
#pragma once

#include <string>
#include <string_view>

#include "common/api/decoding.h"

namespace yimen::api {

struct ReceiptSequence {
    int terminalNumber = 0;  // 1..9999
    std::string day;         // yyMMdd
    int lastSequence = 0;    // 0..9999; 0 when none
};

// Compact JSON, keys sorted (api::dumpJson), every member.
std::string encodeReceiptSequence(const ReceiptSequence& sequence);

// Reads lastSequence (a required integer that fits an int), day and terminalNumber (optional), in this order.
// Never throws.
Decoding<ReceiptSequence> decodeReceiptSequence(std::string_view body);

}  // namespace yimen::api
