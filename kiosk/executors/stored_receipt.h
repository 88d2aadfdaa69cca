// A receipt as the store holds it, turned into what the receipt screen and the printer show.
#pragma once

#include "kiosk/core/receipt_info.h"
#include "kiosk/store/receipt_book.h"

namespace yimen::kiosk {

// issuedAt is the receipt's creation time in local time (utcOffsetMinutes east of UTC).
ReceiptInfo toReceiptInfo(const store::Receipt& r, int utcOffsetMinutes);

}  // namespace yimen::kiosk
