// Tests for kiosk/receipt_layout: the bytes the receipt printer receives.
#include "kiosk/receipt_layout.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

using namespace yimen;
using namespace yimen::kiosk;

namespace {
ReceiptInfo sample() {
    ReceiptInfo r;
    r.receiptNo = "YM00012611290007";
    r.queryCode = "042137";
    r.itemName = "城乡居民基本养老保险参保登记";
    r.department = "县人力资源和社会保障局";
    r.timeLimitDays = 5;
    r.maskedIdNumber = "4501**********1231";
    r.issuedAt = "2026-11-29 14:30";
    r.delivery = Delivery::delivered;
    return r;
}
bool contains(const std::vector<std::uint8_t>& bytes, const std::string& needle) {
    return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end();
}
}  // namespace

TEST_CASE("a receipt starts by resetting the printer and printing its title large and centred", "[receipt]") {
    auto bytes = layoutReceipt(sample(), 576);
    REQUIRE(bytes);
    // ESC @, FS &, ESC a 1, GS ! 0x11, ESC E 1, "受理回执" in GB18030, LF
    const std::vector<std::uint8_t> head = {0x1B, 0x40, 0x1C, 0x26, 0x1B, 0x61, 0x01, 0x1D, 0x21, 0x11, 0x1B,
                                            0x45, 0x01, 0xCA, 0xDC, 0xC0, 0xED, 0xBB, 0xD8, 0xD6, 0xB4, 0x0A};
    REQUIRE(bytes->size() > head.size());
    CHECK(std::vector<std::uint8_t>(bytes->begin(), bytes->begin() + static_cast<long>(head.size())) == head);
}

TEST_CASE("a receipt carries the receipt number, the query code in its QR, and ends with a cut",
          "[receipt]") {
    auto bytes = layoutReceipt(sample(), 576);
    REQUIRE(bytes);
    CHECK(contains(*bytes, "YM00012611290007"));
    CHECK(contains(*bytes, "4501**********1231"));
    // GS ( k store: 31 50 30 then the payload
    CHECK(contains(*bytes, std::string("\x31\x50\x30") + "YMQ1|YM00012611290007|042137"));
    const std::vector<std::uint8_t> cut = {0x1D, 0x56, 0x41};
    CHECK(std::search(bytes->end() - 4, bytes->end(), cut.begin(), cut.end()) != bytes->end());
}

TEST_CASE("a receipt never carries a full ID number", "[receipt][privacy]") {
    auto bytes = layoutReceipt(sample(), 384);
    REQUIRE(bytes);
    CHECK_FALSE(contains(*bytes, "450102199001011231"));
}

TEST_CASE("a queued receipt says it will be submitted when the network returns", "[receipt]") {
    ReceiptInfo r = sample();
    r.delivery = Delivery::queued;
    auto bytes = layoutReceipt(r, 576);
    REQUIRE(bytes);
    // "网络恢复后自动提交" in GB18030 starts with 网 = CD F8
    const std::vector<std::uint8_t> wang = {0xCD, 0xF8, 0xC2, 0xE7};
    CHECK(std::search(bytes->begin(), bytes->end(), wang.begin(), wang.end()) != bytes->end());
}

TEST_CASE("a receipt for an unsupported paper width is refused", "[receipt]") {
    CHECK_FALSE(layoutReceipt(sample(), 500));
}
