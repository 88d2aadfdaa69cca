// The receipt's QR payload.
#include "kiosk/core/receipt_info.h"

#include <algorithm>

namespace yimen::kiosk {

std::string receiptQrPayload(const std::string& receiptNo, const std::string& queryCode) {
    // Short and plain so it scans on any printer: YMQ1|<receipt>|<query code>.
    return "YMQ1|" + receiptNo + "|" + queryCode;
}

namespace {

constexpr std::string_view kQrPrefix = "YMQ1|";

bool digits(std::string_view text, std::size_t count) {
    return text.size() == count &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool isReceiptNo(std::string_view text) {
    return text.size() == 16 && text.substr(0, 2) == "YM" && digits(text.substr(2), 14);
}

bool isQueryCode(std::string_view text) {
    return digits(text, 6);
}

std::optional<ReceiptKey> parseReceiptQr(std::string_view text) {
    // A scanner may end a code with a line break; nothing else around it is ours.
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
    if (text.substr(0, kQrPrefix.size()) != kQrPrefix)
        return std::nullopt;
    text.remove_prefix(kQrPrefix.size());
    const std::size_t bar = text.find('|');
    if (bar == std::string_view::npos)
        return std::nullopt;
    const std::string_view receiptNo = text.substr(0, bar);
    const std::string_view queryCode = text.substr(bar + 1);
    if (!isReceiptNo(receiptNo) || !isQueryCode(queryCode))
        return std::nullopt;
    return ReceiptKey{std::string(receiptNo), std::string(queryCode)};
}

}  // namespace yimen::kiosk
