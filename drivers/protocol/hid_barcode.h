// HID Point of Sale scanners (usage page 0x8C): the scanned-data report found in the descriptor, and its
// decoding.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/error.h"
#include "drivers/protocol/hid_report_descriptor.h"

namespace yimen::drivers::protocol {

constexpr std::uint16_t kHidPageBarcodeScanner = 0x8C;
constexpr HidUsage kHidUsageBarcodeScanner = hidUsage(kHidPageBarcodeScanner, 0x02);
constexpr HidUsage kHidUsageSymbologyId1 = hidUsage(kHidPageBarcodeScanner, 0xFB);
constexpr HidUsage kHidUsageSymbologyId2 = hidUsage(kHidPageBarcodeScanner, 0xFC);
constexpr HidUsage kHidUsageSymbologyId3 = hidUsage(kHidPageBarcodeScanner, 0xFD);
constexpr HidUsage kHidUsageDecodedData = hidUsage(kHidPageBarcodeScanner, 0xFE);
constexpr HidUsage kHidUsageDecodeDataContinued = hidUsage(kHidPageBarcodeScanner, 0xFF);
// Generic Desktop "Byte Count": how many of the decoded-data bytes are valid.
constexpr HidUsage kHidUsageByteCount = hidUsage(0x01, 0x3B);

// Where the scanned-data report keeps its pieces, in bits from the start of the payload (after the ID byte).
struct BarcodeReportLayout {
    std::uint8_t reportId = 0;
    std::uint32_t dataBitOffset = 0;  // byte-aligned
    std::uint32_t dataBytes = 0;
    std::optional<std::uint32_t> byteCountBitOffset;
    std::uint32_t byteCountBits = 8;
    std::optional<std::uint32_t> symbologyBitOffset;  // three 8-bit AIM characters, e.g. "]Q0"
    std::optional<std::uint32_t> continuedBitOffset;  // one bit: more reports of this code follow
    std::size_t reportBytes = 0;                      // with the ID byte
};

// The input report whose elements include Decoded Data (0x8C:0xFE), with the Byte Count, Symbology Identifier
// 1-3 and Decode Data Continued elements of the same report when it has them. Errors: notFound when no input
// report carries decoded data; invalidInput when the decoded data is not whole, contiguous bytes.
[[nodiscard]] Expected<BarcodeReportLayout> findBarcodeLayout(const HidReportDescriptor& descriptor);

// The part of a code that one report carries.
struct BarcodeChunk {
    std::string data;        // raw bytes: UTF-8, GB18030 or binary, as the symbol holds them
    std::string symbology;   // the AIM identifier, e.g. "]Q0"; empty when the report has none
    bool continued = false;  // more reports of the same code follow

    friend bool operator==(const BarcodeChunk&, const BarcodeChunk&) = default;
};

// Decodes one report. nullopt when it carries another report ID. Without a Byte Count element the data ends
// at its trailing zero padding. Errors: invalidInput when the report is shorter than the layout needs or its
// byte count is larger than the data area. Pure; any thread.
[[nodiscard]] Expected<std::optional<BarcodeChunk>> decodeBarcodeReport(const BarcodeReportLayout& layout,
                                                                        std::span<const std::uint8_t> report);

}  // namespace yimen::drivers::protocol
