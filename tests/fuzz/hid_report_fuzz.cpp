// libFuzzer target: HID keyboard and HID POS report decoding and code assembly, on the layouts of real
// scanners.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "drivers/protocol/hid_barcode.h"
#include "drivers/protocol/hid_code_assembly.h"
#include "drivers/protocol/hid_keyboard.h"

using namespace yimen::drivers::protocol;

namespace {

// A HID POS report layout like Honeywell / Access-IS units: report 2, byte count, AIM, 56 data bytes,
// continued bit.
const std::vector<std::uint8_t> kHidPosDescriptor = {
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x12, 0xA1, 0x02, 0x85, 0x02, 0x15, 0x00, 0x26,
    0xFF, 0x00, 0x75, 0x08, 0x95, 0x01, 0x05, 0x01, 0x09, 0x3B, 0x81, 0x02, 0x95, 0x03, 0x05,
    0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x81, 0x02, 0x95, 0x38, 0x09, 0xFE, 0x82, 0x02,
    0x01, 0x06, 0x66, 0xFF, 0x95, 0x02, 0x09, 0x04, 0x09, 0x05, 0x81, 0x02, 0x05, 0x8C, 0x25,
    0x01, 0x75, 0x01, 0x95, 0x01, 0x09, 0xFF, 0x81, 0x02, 0x75, 0x07, 0x81, 0x01, 0xC0, 0xC0};

BarcodeReportLayout hidPosLayout() {
    auto descriptor = parseHidReportDescriptor(kHidPosDescriptor);
    if (!descriptor)
        __builtin_trap();
    auto layout = findBarcodeLayout(*descriptor);
    if (!layout)
        __builtin_trap();
    return *layout;
}

void checkEvents(const std::vector<ScanEvent>& events) {
    for (const ScanEvent& e : events) {
        if (const auto* code = std::get_if<ScannedCode>(&e);
            code && code->data.size() > kMaxScannedCodeBytes) {
            __builtin_trap();
        }
    }
}

}  // namespace

// Input: one byte choosing the layout, then reports, each a length byte and that many bytes (the length's top
// bit also advances the clock past every timeout).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const BarcodeReportLayout posLayout = hidPosLayout();
    if (size == 0) {
        return 0;
    }
    const std::uint8_t mode = data[0] % 3;
    KeyboardReportLayout keyboardLayout = bootKeyboardLayout();
    if (mode == 1) {
        keyboardLayout.reportId = 1;
        keyboardLayout.keysBitOffset = 8;
    }
    KeyboardWedgeAssembler wedge(
        WedgeOptions{static_cast<WedgeTerminator>(data[0] / 3 % 4), std::chrono::milliseconds(100)});
    BarcodeAssembler pos;
    ScanClock::time_point now{};
    std::size_t i = 1;
    while (i < size) {
        const std::uint8_t header = data[i++];
        const std::size_t length = std::min<std::size_t>(header & 0x7F, size - i);
        const std::span<const std::uint8_t> report(data + i, length);
        i += length;
        now += (header & 0x80) ? std::chrono::seconds(1) : std::chrono::milliseconds(3);
        if (mode == 2) {
            if (auto chunk = decodeBarcodeReport(posLayout, report); chunk && *chunk) {
                if ((*chunk)->data.size() > posLayout.dataBytes)
                    __builtin_trap();
                checkEvents(pos.feed(**chunk, now));
            }
            if (auto due = pos.expire(now))
                checkEvents({*due});
        } else {
            if (auto state = decodeKeyboardReport(keyboardLayout, report); state && *state) {
                if ((*state)->keys.size() > keyboardLayout.keyCount)
                    __builtin_trap();
                checkEvents(wedge.feed(**state, now));
            }
            if (auto due = wedge.expire(now))
                checkEvents({*due});
        }
    }
    (void)wedge.reset("end of input");
    (void)pos.reset("end of input");
    return 0;
}
