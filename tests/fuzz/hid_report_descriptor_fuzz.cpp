// libFuzzer target: the HID report-descriptor parser, and the keyboard and HID POS layouts found in what it
// accepts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/protocol/hid_barcode.h"
#include "drivers/protocol/hid_keyboard.h"
#include "drivers/protocol/hid_report_descriptor.h"

using namespace yimen::drivers::protocol;

// Input: a descriptor length byte pair (little-endian), the descriptor, then one report to decode with what
// it declares.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::size_t declared = data[0] | (std::size_t{data[1]} << 8);
    const std::size_t descriptorBytes = std::min(declared, size - 2);
    const std::span<const std::uint8_t> descriptor(data + 2, descriptorBytes);
    const std::span<const std::uint8_t> report(data + 2 + descriptorBytes, size - 2 - descriptorBytes);

    auto parsed = parseHidReportDescriptor(descriptor);
    if (!parsed) {
        return 0;
    }
    for (const HidField& f : parsed->fields) {
        if (std::uint64_t{f.bitOffset} + std::uint64_t{f.size} * f.count >
            std::uint64_t{kMaxHidReportBytes} * 8) {
            __builtin_trap();
        }
        (void)f.usageOfElement(f.count);
        (void)f.usageOfArrayValue(f.logicalMaximum);
        (void)parsed->reportBytes(f.type, f.reportId);
    }
    if (auto keyboard = findKeyboardLayout(*parsed)) {
        if (auto state = decodeKeyboardReport(*keyboard, report); state && *state) {
            if ((*state)->keys.size() > keyboard->keyCount)
                __builtin_trap();
        }
    }
    if (auto pos = findBarcodeLayout(*parsed)) {
        if (auto chunk = decodeBarcodeReport(*pos, report); chunk && *chunk) {
            if ((*chunk)->data.size() > pos->dataBytes)
                __builtin_trap();
        }
    }
    for (std::size_t i = 0; i + 1 < report.size(); ++i) {
        (void)readHidBits(report, report[i], report[i + 1] % 40);
    }
    return 0;
}
