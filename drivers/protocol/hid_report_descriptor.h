// HID report descriptors: the parser that turns a device's descriptor into the fields of its reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::protocol {

// A usage with its page: (page << 16) | id, as a 4-byte Usage item carries it.
using HidUsage = std::uint32_t;

constexpr HidUsage hidUsage(std::uint16_t page, std::uint16_t id) {
    return (static_cast<HidUsage>(page) << 16) | id;
}
constexpr std::uint16_t hidUsagePage(HidUsage usage) {
    return static_cast<std::uint16_t>(usage >> 16);
}
constexpr std::uint16_t hidUsageId(HidUsage usage) {
    return static_cast<std::uint16_t>(usage & 0xFFFF);
}

enum class HidReportType : std::uint8_t { input, output, feature };

// One Input, Output or Feature main item: `count` elements of `size` bits each, starting `bitOffset` bits
// into the report's payload (after the report-ID byte, when the device uses report IDs). Bits are numbered
// from the least significant bit of the first byte, as HID lays them out.
struct HidField {
    HidReportType type = HidReportType::input;
    std::uint8_t reportId = 0;  // 0: the device uses no report IDs
    std::uint32_t bitOffset = 0;
    std::uint32_t size = 0;
    std::uint32_t count = 0;
    std::uint32_t flags = 0;  // the main item's data: bit 0 constant, bit 1 variable, bit 8 buffered bytes
    // The usages as declared; for a variable field element i has usages[min(i, n - 1)] (the HID rule that the
    // last usage repeats). Empty when the field declares a range instead.
    std::vector<HidUsage> usages;
    std::optional<HidUsage> usageMinimum;
    std::optional<HidUsage> usageMaximum;
    // As declared; a maximum that reads negative while the minimum is not is taken unsigned (the common
    // "Logical Maximum (255)" written in one byte).
    std::int64_t logicalMinimum = 0;
    std::int64_t logicalMaximum = 0;

    bool isConstant() const { return (flags & 0x01) != 0; }
    bool isVariable() const { return (flags & 0x02) != 0; }
    // The usage of element `index` of a variable field, or nullopt when the field declares none for it.
    std::optional<HidUsage> usageOfElement(std::uint32_t index) const;
    // For an array field: the usage that the element value `value` selects, or nullopt when it selects none.
    std::optional<HidUsage> usageOfArrayValue(std::int64_t value) const;
};

// An application, logical or physical collection, with the usage that opened it.
struct HidCollection {
    std::uint8_t kind = 0;  // 0 physical, 1 application, 2 logical, ...
    HidUsage usage = 0;
    std::size_t depth = 0;
};

struct HidReportDescriptor {
    std::vector<HidField> fields;            // in descriptor order
    std::vector<HidCollection> collections;  // in descriptor order
    bool usesReportIds = false;

    // Bytes of the report `id` of `type` as it travels on the wire, the report-ID byte included (0 when there
    // is no such report).
    std::size_t reportBytes(HidReportType type, std::uint8_t id) const;
    // True when an application collection with this usage is declared.
    bool hasApplication(HidUsage usage) const;
};

// Bounds that keep a hostile descriptor from costing memory or time.
constexpr std::size_t kMaxHidDescriptorBytes = 4096;
constexpr std::size_t kMaxHidReportBytes = 4096;
constexpr std::size_t kMaxHidFields = 512;
constexpr std::size_t kMaxHidUsagesPerItem = 1024;
constexpr std::size_t kMaxHidNesting = 32;

// Parses short and long items (HID 1.11 section 6.2.2). Usages of 1 or 2 bytes take the usage page in force
// when they are read. Unknown tags are skipped. Errors: invalidInput, naming the byte offset, for a truncated
// item, a descriptor over kMaxHidDescriptorBytes, an End Collection or Pop with nothing open, collections
// left open at the end, report ID 0, a report longer than kMaxHidReportBytes, a Report Count above
// kMaxHidReportBytes * 8, or more fields, usages or nesting than the bounds above. Pure; any thread.
[[nodiscard]] Expected<HidReportDescriptor> parseHidReportDescriptor(
    std::span<const std::uint8_t> descriptor);

// `bits` (1..32) bits starting `bitOffset` bits into `payload`, least significant bit first; nullopt when
// they run past its end.
std::optional<std::uint32_t> readHidBits(std::span<const std::uint8_t> payload, std::uint64_t bitOffset,
                                         std::uint32_t bits);

}  // namespace yimen::drivers::protocol
