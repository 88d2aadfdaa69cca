// The receipt's QR payload.
#include "kiosk/core/receipt_info.h"

namespace yimen::kiosk {

std::string receiptQrPayload(const std::string& receiptNo, const std::string& queryCode) {
    // Short and plain so it scans on any printer: YMQ1|<receipt>|<query code>.
    return "YMQ1|" + receiptNo + "|" + queryCode;
}

}  // namespace yimen::kiosk
