// The HID report-descriptor parser: global, local and main items, the push/pop stack and collections.
#include "drivers/protocol/hid_report_descriptor.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace yimen::drivers::protocol {
namespace {

enum ItemType : std::uint8_t { mainItem = 0, globalItem = 1, localItem = 2 };

// Main item tags.
constexpr std::uint8_t kInput = 0x8;
constexpr std::uint8_t kOutput = 0x9;
constexpr std::uint8_t kCollection = 0xA;
constexpr std::uint8_t kFeature = 0xB;
constexpr std::uint8_t kEndCollection = 0xC;
// Global item tags.
constexpr std::uint8_t kUsagePage = 0x0;
constexpr std::uint8_t kLogicalMinimum = 0x1;
constexpr std::uint8_t kLogicalMaximum = 0x2;
constexpr std::uint8_t kReportSize = 0x7;
constexpr std::uint8_t kReportId = 0x8;
constexpr std::uint8_t kReportCount = 0x9;
constexpr std::uint8_t kPush = 0xA;
constexpr std::uint8_t kPop = 0xB;
// Local item tags.
constexpr std::uint8_t kUsage = 0x0;
constexpr std::uint8_t kUsageMinimum = 0x1;
constexpr std::uint8_t kUsageMaximum = 0x2;

constexpr std::uint8_t kLongItemPrefix = 0xFE;

struct GlobalState {
    std::uint16_t usagePage = 0;
    std::int32_t logicalMinimum = 0;
    std::int32_t logicalMaximum = 0;
    std::uint32_t logicalMaximumUnsigned = 0;
    std::uint32_t reportSize = 0;
    std::uint32_t reportCount = 0;
    std::uint8_t reportId = 0;
};

struct LocalState {
    std::vector<HidUsage> usages;
    std::optional<HidUsage> usageMinimum;
    std::optional<HidUsage> usageMaximum;
};

std::int32_t signExtended(std::uint32_t value, std::size_t bytes) {
    switch (bytes) {
    case 1: return static_cast<std::int8_t>(value & 0xFF);
    case 2: return static_cast<std::int16_t>(value & 0xFFFF);
    default: return static_cast<std::int32_t>(value);
    }
}

// A 1- or 2-byte usage takes the current page; a 4-byte one carries its own.
HidUsage fullUsage(std::uint32_t value, std::size_t bytes, std::uint16_t page) {
    return bytes == 4 ? value : hidUsage(page, static_cast<std::uint16_t>(value & 0xFFFF));
}

Unexpected failAt(std::size_t offset, const std::string& what) {
    return fail(ErrorCode::invalidInput,
                "HID report descriptor byte " + std::to_string(offset) + ": " + what);
}

}  // namespace

std::optional<HidUsage> HidField::usageOfElement(std::uint32_t index) const {
    if (!usages.empty()) {
        return usages[std::min<std::size_t>(index, usages.size() - 1)];
    }
    if (usageMinimum && usageMaximum && *usageMaximum >= *usageMinimum) {
        const std::uint64_t usage =
            std::min<std::uint64_t>(std::uint64_t{*usageMinimum} + index, *usageMaximum);
        return static_cast<HidUsage>(usage);
    }
    return std::nullopt;
}

std::optional<HidUsage> HidField::usageOfArrayValue(std::int64_t value) const {
    const std::int64_t index = value - logicalMinimum;
    if (index < 0 || value > logicalMaximum) {
        return std::nullopt;
    }
    if (!usages.empty()) {
        if (static_cast<std::uint64_t>(index) >= usages.size()) {
            return std::nullopt;
        }
        return usages[static_cast<std::size_t>(index)];
    }
    if (usageMinimum && usageMaximum) {
        const std::int64_t usage = static_cast<std::int64_t>(*usageMinimum) + index;
        if (usage > static_cast<std::int64_t>(*usageMaximum)) {
            return std::nullopt;
        }
        return static_cast<HidUsage>(usage);
    }
    return std::nullopt;
}

std::size_t HidReportDescriptor::reportBytes(HidReportType type, std::uint8_t id) const {
    std::uint64_t bits = 0;
    bool found = false;
    for (const HidField& f : fields) {
        if (f.type == type && f.reportId == id) {
            bits =
                std::max<std::uint64_t>(bits, std::uint64_t{f.bitOffset} + std::uint64_t{f.size} * f.count);
            found = true;
        }
    }
    if (!found) {
        return 0;
    }
    return static_cast<std::size_t>((bits + 7) / 8) + (id != 0 ? 1 : 0);
}

bool HidReportDescriptor::hasApplication(HidUsage usage) const {
    return std::any_of(collections.begin(), collections.end(),
                       [usage](const HidCollection& c) { return c.kind == 1 && c.usage == usage; });
}

Expected<HidReportDescriptor> parseHidReportDescriptor(std::span<const std::uint8_t> descriptor) {
    if (descriptor.size() > kMaxHidDescriptorBytes) {
        return fail(ErrorCode::invalidInput, "HID report descriptor of " + std::to_string(descriptor.size()) +
                                                 " bytes is longer than " +
                                                 std::to_string(kMaxHidDescriptorBytes));
    }
    HidReportDescriptor out;
    GlobalState global;
    std::vector<GlobalState> stack;
    LocalState local;
    std::size_t openCollections = 0;
    // Next free bit of each (type, report ID).
    std::map<std::pair<HidReportType, std::uint8_t>, std::uint64_t> nextBit;

    std::size_t pos = 0;
    while (pos < descriptor.size()) {
        const std::size_t itemStart = pos;
        const std::uint8_t prefix = descriptor[pos];
        if (prefix == kLongItemPrefix) {
            if (pos + 3 > descriptor.size()) {
                return failAt(itemStart, "truncated long item");
            }
            const std::size_t dataSize = descriptor[pos + 1];
            if (pos + 3 + dataSize > descriptor.size()) {
                return failAt(itemStart, "truncated long item");
            }
            pos += 3 + dataSize;
            continue;
        }
        const std::size_t dataSize = (prefix & 0x03) == 3 ? 4 : (prefix & 0x03);
        const auto type = static_cast<std::uint8_t>((prefix >> 2) & 0x03);
        const auto tag = static_cast<std::uint8_t>(prefix >> 4);
        if (pos + 1 + dataSize > descriptor.size()) {
            return failAt(itemStart, "truncated item");
        }
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < dataSize; ++i) {
            value |= static_cast<std::uint32_t>(descriptor[pos + 1 + i]) << (8 * i);
        }
        pos += 1 + dataSize;

        if (type == globalItem) {
            switch (tag) {
            case kUsagePage: global.usagePage = static_cast<std::uint16_t>(value & 0xFFFF); break;
            case kLogicalMinimum: global.logicalMinimum = signExtended(value, dataSize); break;
            case kLogicalMaximum:
                global.logicalMaximum = signExtended(value, dataSize);
                global.logicalMaximumUnsigned = value;
                break;
            case kReportSize: global.reportSize = value; break;
            case kReportCount: global.reportCount = value; break;
            case kReportId:
                if (value == 0 || value > 0xFF) {
                    return failAt(itemStart, "report ID " + std::to_string(value) + " is outside 1..255");
                }
                global.reportId = static_cast<std::uint8_t>(value);
                out.usesReportIds = true;
                break;
            case kPush:
                if (stack.size() >= kMaxHidNesting) {
                    return failAt(itemStart, "Push nested deeper than " + std::to_string(kMaxHidNesting));
                }
                stack.push_back(global);
                break;
            case kPop:
                if (stack.empty()) {
                    return failAt(itemStart, "Pop without Push");
                }
                global = stack.back();
                stack.pop_back();
                break;
            default: break;  // physical range, units: they do not move bits
            }
            continue;
        }
        if (type == localItem) {
            switch (tag) {
            case kUsage:
                if (local.usages.size() >= kMaxHidUsagesPerItem) {
                    return failAt(itemStart, "more than " + std::to_string(kMaxHidUsagesPerItem) + " usages");
                }
                local.usages.push_back(fullUsage(value, dataSize, global.usagePage));
                break;
            case kUsageMinimum: local.usageMinimum = fullUsage(value, dataSize, global.usagePage); break;
            case kUsageMaximum: local.usageMaximum = fullUsage(value, dataSize, global.usagePage); break;
            default: break;  // designators, strings, delimiters
            }
            continue;
        }
        if (type != mainItem) {
            continue;  // reserved item type: skipped by its size
        }
        switch (tag) {
        case kInput:
        case kOutput:
        case kFeature: {
            if (out.fields.size() >= kMaxHidFields) {
                return failAt(itemStart, "more than " + std::to_string(kMaxHidFields) + " fields");
            }
            HidField field;
            field.type = tag == kInput ? HidReportType::input
                                       : (tag == kOutput ? HidReportType::output : HidReportType::feature);
            field.reportId = global.reportId;
            field.size = global.reportSize;
            field.count = global.reportCount;
            field.flags = value;
            field.usages = std::move(local.usages);
            field.usageMinimum = local.usageMinimum;
            field.usageMaximum = local.usageMaximum;
            field.logicalMinimum = global.logicalMinimum;
            field.logicalMaximum = global.logicalMinimum >= 0 && global.logicalMaximum < 0
                                       ? std::int64_t{global.logicalMaximumUnsigned}
                                       : std::int64_t{global.logicalMaximum};
            if (field.count > kMaxHidReportBytes * 8) {
                return failAt(itemStart, "Report Count " + std::to_string(field.count) + " is larger than " +
                                             std::to_string(kMaxHidReportBytes * 8));
            }
            std::uint64_t& bit = nextBit[{field.type, field.reportId}];
            const std::uint64_t end = bit + std::uint64_t{field.size} * field.count;
            if (end > std::uint64_t{kMaxHidReportBytes} * 8) {
                return failAt(itemStart, "report " + std::to_string(field.reportId) + " is longer than " +
                                             std::to_string(kMaxHidReportBytes) + " bytes");
            }
            field.bitOffset = static_cast<std::uint32_t>(bit);
            bit = end;
            out.fields.push_back(std::move(field));
            break;
        }
        case kCollection: {
            if (openCollections >= kMaxHidNesting) {
                return failAt(itemStart, "collections nested deeper than " + std::to_string(kMaxHidNesting));
            }
            if (out.collections.size() >= kMaxHidFields) {
                return failAt(itemStart, "more than " + std::to_string(kMaxHidFields) + " collections");
            }
            HidCollection c;
            c.kind = static_cast<std::uint8_t>(value & 0xFF);
            c.usage = local.usages.empty() ? local.usageMinimum.value_or(0) : local.usages.front();
            c.depth = openCollections;
            out.collections.push_back(c);
            ++openCollections;
            break;
        }
        case kEndCollection:
            if (openCollections == 0) {
                return failAt(itemStart, "End Collection without Collection");
            }
            --openCollections;
            break;
        default: break;
        }
        // Local items apply to the next main item only.
        local = LocalState{};
    }
    if (openCollections != 0) {
        return fail(ErrorCode::invalidInput, "HID report descriptor ends with " +
                                                 std::to_string(openCollections) + " collection(s) open");
    }
    return out;
}

std::optional<std::uint32_t> readHidBits(std::span<const std::uint8_t> payload, std::uint64_t bitOffset,
                                         std::uint32_t bits) {
    if (bits == 0 || bits > 32) {
        return std::nullopt;
    }
    if (bitOffset + bits > std::uint64_t{payload.size()} * 8) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (std::uint32_t i = 0; i < bits; ++i) {
        const std::uint64_t bit = bitOffset + i;
        if ((payload[static_cast<std::size_t>(bit / 8)] >> (bit % 8)) & 1) {
            value |= std::uint32_t{1} << i;
        }
    }
    return value;
}

}  // namespace yimen::drivers::protocol
