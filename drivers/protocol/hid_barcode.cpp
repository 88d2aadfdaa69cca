// HID POS scanned-data reports: locating the decoded-data elements in the descriptor and reading them back.
#include "drivers/protocol/hid_barcode.h"

#include <algorithm>
#include <vector>

namespace yimen::drivers::protocol {
namespace {

// One element of a variable input field: its usage and its place in the payload.
struct Element {
    HidUsage usage = 0;
    std::uint32_t bitOffset = 0;
    std::uint32_t bits = 0;
};

std::vector<Element> variableElements(const HidReportDescriptor& descriptor, std::uint8_t reportId) {
    std::vector<Element> out;
    for (const HidField& f : descriptor.fields) {
        // Zero-bit elements carry nothing; skipping them also bounds the elements by the report's bits.
        if (f.type != HidReportType::input || f.reportId != reportId || f.isConstant() || !f.isVariable() ||
            f.size == 0) {
            continue;
        }
        for (std::uint32_t i = 0; i < f.count; ++i) {
            const std::optional<HidUsage> usage = f.usageOfElement(i);
            if (!usage) {
                break;
            }
            out.push_back(Element{*usage, f.bitOffset + i * f.size, f.size});
        }
    }
    return out;
}

// Whether some element of a variable field has `usage`, without walking a long run of repeated usages.
bool declaresUsage(const HidField& f, HidUsage usage) {
    if (f.count == 0) {
        return false;
    }
    if (!f.usages.empty()) {
        const std::size_t n = std::min<std::size_t>(f.usages.size(), f.count);
        return std::find(f.usages.begin(), f.usages.begin() + static_cast<std::ptrdiff_t>(n), usage) !=
               f.usages.begin() + static_cast<std::ptrdiff_t>(n);
    }
    if (!f.usageMinimum || !f.usageMaximum) {
        return false;
    }
    const std::uint64_t last =
        std::min<std::uint64_t>(*f.usageMaximum, std::uint64_t{*f.usageMinimum} + f.count - 1);
    return usage >= *f.usageMinimum && usage <= last;
}

const Element* firstWithUsage(const std::vector<Element>& elements, HidUsage usage) {
    auto it = std::find_if(elements.begin(), elements.end(),
                           [usage](const Element& e) { return e.usage == usage; });
    return it == elements.end() ? nullptr : &*it;
}

}  // namespace

Expected<BarcodeReportLayout> findBarcodeLayout(const HidReportDescriptor& descriptor) {
    for (const HidField& f : descriptor.fields) {
        if (f.type != HidReportType::input || f.isConstant() || !f.isVariable() || f.size == 0) {
            continue;
        }
        if (!declaresUsage(f, kHidUsageDecodedData)) {
            continue;
        }
        const std::vector<Element> elements = variableElements(descriptor, f.reportId);
        BarcodeReportLayout layout;
        layout.reportId = f.reportId;
        const Element* first = firstWithUsage(elements, kHidUsageDecodedData);
        if (first == nullptr) {
            continue;
        }
        std::uint32_t expectedOffset = first->bitOffset;
        for (const Element& e : elements) {
            if (e.usage != kHidUsageDecodedData) {
                continue;
            }
            if (e.bits != 8 || e.bitOffset % 8 != 0 || e.bitOffset != expectedOffset) {
                return fail(ErrorCode::invalidInput, "HID POS report " + std::to_string(f.reportId) +
                                                         ": decoded data is not a run of whole bytes");
            }
            expectedOffset += 8;
            ++layout.dataBytes;
        }
        layout.dataBitOffset = first->bitOffset;
        if (const Element* count = firstWithUsage(elements, kHidUsageByteCount); count && count->bits <= 32) {
            layout.byteCountBitOffset = count->bitOffset;
            layout.byteCountBits = count->bits;
        }
        const Element* s1 = firstWithUsage(elements, kHidUsageSymbologyId1);
        const Element* s2 = firstWithUsage(elements, kHidUsageSymbologyId2);
        const Element* s3 = firstWithUsage(elements, kHidUsageSymbologyId3);
        if (s1 && s2 && s3 && s1->bits == 8 && s2->bitOffset == s1->bitOffset + 8 &&
            s3->bitOffset == s1->bitOffset + 16 && s2->bits == 8 && s3->bits == 8) {
            layout.symbologyBitOffset = s1->bitOffset;
        }
        if (const Element* more = firstWithUsage(elements, kHidUsageDecodeDataContinued)) {
            layout.continuedBitOffset = more->bitOffset;
        }
        layout.reportBytes = descriptor.reportBytes(HidReportType::input, f.reportId);
        return layout;
    }
    return fail(ErrorCode::notFound, "the HID report descriptor declares no decoded-data (0x8C:0xFE) report");
}

Expected<std::optional<BarcodeChunk>> decodeBarcodeReport(const BarcodeReportLayout& layout,
                                                          std::span<const std::uint8_t> report) {
    std::span<const std::uint8_t> payload = report;
    if (layout.reportId != 0) {
        if (report.empty() || report[0] != layout.reportId) {
            return std::optional<BarcodeChunk>();
        }
        payload = report.subspan(1);
    }
    const std::size_t dataStart = layout.dataBitOffset / 8;
    if (payload.size() < dataStart + layout.dataBytes) {
        return fail(ErrorCode::invalidInput, "HID POS report of " + std::to_string(report.size()) +
                                                 " bytes is shorter than its layout (" +
                                                 std::to_string(layout.reportBytes) + ")");
    }
    BarcodeChunk chunk;
    std::size_t valid = layout.dataBytes;
    if (layout.byteCountBitOffset) {
        const std::optional<std::uint32_t> count =
            readHidBits(payload, *layout.byteCountBitOffset, layout.byteCountBits);
        if (!count) {
            return fail(ErrorCode::invalidInput, "HID POS report too short for its byte count");
        }
        if (*count > layout.dataBytes) {
            return fail(ErrorCode::invalidInput, "HID POS report claims " + std::to_string(*count) +
                                                     " data bytes; it holds " +
                                                     std::to_string(layout.dataBytes));
        }
        valid = *count;
    } else {
        while (valid > 0 && payload[dataStart + valid - 1] == 0) {
            --valid;
        }
    }
    chunk.data.assign(reinterpret_cast<const char*>(payload.data() + dataStart), valid);
    if (layout.symbologyBitOffset) {
        for (std::uint32_t i = 0; i < 3; ++i) {
            const std::optional<std::uint32_t> c =
                readHidBits(payload, *layout.symbologyBitOffset + 8 * i, 8);
            // A symbology identifier is printable ASCII; zeros mean the scanner sends none.
            if (!c || *c < 0x21 || *c > 0x7E) {
                chunk.symbology.clear();
                break;
            }
            chunk.symbology += static_cast<char>(*c);
        }
    }
    if (layout.continuedBitOffset) {
        const std::optional<std::uint32_t> more = readHidBits(payload, *layout.continuedBitOffset, 1);
        if (!more) {
            return fail(ErrorCode::invalidInput, "HID POS report too short for its continuation flag");
        }
        chunk.continued = *more != 0;
    }
    return std::optional<BarcodeChunk>(std::move(chunk));
}

}  // namespace yimen::drivers::protocol
