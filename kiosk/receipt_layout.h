// The printed receipt: what it says and the exact ESC/POS bytes the printer receives.
#pragma once

#include <cstdint>
#include <vector>

#include "common/error.h"
#include "kiosk/core/receipt_info.h"

namespace yimen::kiosk {

// Lays out the citizen's receipt for paper `widthDots` wide (576 or 384): title, item, department, time
// limit, receipt number, query code, masked ID number, issue time, delivery state, the QR code, and a cut.
// Errors: invalidInput when some text cannot be encoded for the printer.
[[nodiscard]] Expected<std::vector<std::uint8_t>> layoutReceipt(const ReceiptInfo& receipt, int widthDots);

}  // namespace yimen::kiosk
