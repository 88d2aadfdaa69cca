// toReceiptInfo: the stored receipt's fields, its time made local, its delivery state as an enum.
#include "kiosk/executors/stored_receipt.h"

#include "kiosk/application_payload.h"

namespace yimen::kiosk {

ReceiptInfo toReceiptInfo(const store::Receipt& r, int utcOffsetMinutes) {
    ReceiptInfo info;
    info.receiptNo = r.receiptNo;
    info.queryCode = r.queryCode;
    info.itemName = r.itemName;
    info.department = r.department;
    info.timeLimitDays = r.timeLimitDays;
    info.maskedIdNumber = r.maskedIdNumber;
    info.issuedAt = localMinute(r.createdMs, utcOffsetMinutes);
    info.delivery = r.delivery == "delivered" ? Delivery::delivered
                    : r.delivery == "failed"  ? Delivery::failed
                                              : Delivery::queued;
    return info;
}

}  // namespace yimen::kiosk
