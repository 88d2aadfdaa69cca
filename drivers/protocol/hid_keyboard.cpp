// Keyboard report layouts, report decoding and the US keyboard layout (HID Usage Tables, keyboard page 0x07).
#include "drivers/protocol/hid_keyboard.h"

#include <string>

namespace yimen::drivers::protocol {
namespace {

constexpr HidUsage kFirstModifier = hidUsage(kHidPageKeyboard, 0xE0);
constexpr HidUsage kLastModifier = hidUsage(kHidPageKeyboard, 0xE7);
// 0 no key, 1 roll-over, 2 POST fail, 3 undefined error.
constexpr std::int64_t kLastErrorUsage = 0x03;

// Usages 0x1E..0x38 on a US keyboard: unshifted and shifted.
constexpr char kRowUnshifted[] = "1234567890\n\x1b\b\t -=[]\\\\;'`,./";
constexpr char kRowShifted[] = "!@#$%^&*()\n\x1b\b\t _+{}||:\"~<>?";

bool isModifierField(const HidField& f) {
    if (f.type != HidReportType::input || !f.isVariable() || f.size != 1 || f.count != 8) {
        return false;
    }
    return f.usageOfElement(0) == kFirstModifier && f.usageOfElement(7) == kLastModifier;
}

bool isKeyArray(const HidField& f) {
    if (f.type != HidReportType::input || f.isVariable() || f.isConstant() || f.count == 0) {
        return false;
    }
    const std::optional<HidUsage> first = f.usages.empty() ? f.usageMinimum : std::optional(f.usages.front());
    return first && hidUsagePage(*first) == kHidPageKeyboard;
}

}  // namespace

KeyboardReportLayout bootKeyboardLayout() {
    return KeyboardReportLayout{};
}

Expected<KeyboardReportLayout> findKeyboardLayout(const HidReportDescriptor& descriptor) {
    for (const HidField& keys : descriptor.fields) {
        if (!isKeyArray(keys)) {
            continue;
        }
        if (keys.size != 8) {
            return fail(ErrorCode::invalidInput,
                        "the keyboard key array has " + std::to_string(keys.size) + "-bit elements, not 8");
        }
        KeyboardReportLayout layout;
        layout.reportId = keys.reportId;
        layout.keysBitOffset = keys.bitOffset;
        layout.keySize = keys.size;
        layout.keyCount = keys.count;
        layout.keyLogicalMinimum = keys.logicalMinimum;
        layout.keyUsageMinimum = keys.usages.empty()
                                     ? keys.usageMinimum.value_or(hidUsage(kHidPageKeyboard, 0))
                                     : keys.usages.front();
        layout.hasModifiers = false;
        for (const HidField& mods : descriptor.fields) {
            if (mods.reportId == keys.reportId && isModifierField(mods)) {
                layout.hasModifiers = true;
                layout.modifierBitOffset = mods.bitOffset;
                break;
            }
        }
        layout.reportBytes = descriptor.reportBytes(HidReportType::input, keys.reportId);
        return layout;
    }
    return fail(ErrorCode::notFound, "the HID report descriptor declares no keyboard report");
}

Expected<std::optional<KeyboardState>> decodeKeyboardReport(const KeyboardReportLayout& layout,
                                                            std::span<const std::uint8_t> report) {
    std::span<const std::uint8_t> payload = report;
    if (layout.reportId != 0) {
        if (report.empty() || report[0] != layout.reportId) {
            return std::optional<KeyboardState>();
        }
        payload = report.subspan(1);
    }
    const std::uint64_t keysEnd =
        std::uint64_t{layout.keysBitOffset} + std::uint64_t{layout.keySize} * layout.keyCount;
    const std::uint64_t modsEnd = layout.hasModifiers ? std::uint64_t{layout.modifierBitOffset} + 8 : 0;
    const std::uint64_t needBits = std::max(keysEnd, modsEnd);
    if (std::uint64_t{payload.size()} * 8 < needBits) {
        return fail(ErrorCode::invalidInput,
                    "keyboard report of " + std::to_string(report.size()) + " bytes is shorter than the " +
                        std::to_string((needBits + 7) / 8 + (layout.reportId ? 1 : 0)) + " its layout needs");
    }
    KeyboardState state;
    if (layout.hasModifiers) {
        state.modifiers = static_cast<std::uint8_t>(*readHidBits(payload, layout.modifierBitOffset, 8));
    }
    bool allRollOver = layout.keyCount > 0;
    for (std::uint32_t i = 0; i < layout.keyCount; ++i) {
        const std::uint32_t raw = *readHidBits(
            payload, std::uint64_t{layout.keysBitOffset} + std::uint64_t{i} * layout.keySize, layout.keySize);
        const std::int64_t usage = static_cast<std::int64_t>(hidUsageId(layout.keyUsageMinimum)) +
                                   std::int64_t{raw} - layout.keyLogicalMinimum;
        if (usage != hidkey::errorRollOver) {
            allRollOver = false;
        }
        if (usage <= kLastErrorUsage || usage > 0xFF) {
            continue;  // an empty slot, an error code, or a value outside the keyboard page
        }
        state.keys.push_back(static_cast<std::uint8_t>(usage));
    }
    if (allRollOver) {
        state.rollOver = true;
        state.keys.clear();
    }
    return std::optional<KeyboardState>(std::move(state));
}

std::optional<char> usKeyboardCharacter(std::uint8_t usage, bool shift, bool capsLock) {
    if (usage >= 0x04 && usage <= 0x1D) {
        const bool upper = shift != capsLock;
        return static_cast<char>((upper ? 'A' : 'a') + (usage - 0x04));
    }
    if (usage >= 0x1E && usage <= 0x38) {
        const char c = (shift ? kRowShifted : kRowUnshifted)[usage - 0x1E];
        // Enter, Escape, Backspace and Tab sit inside this range but type no character.
        if (c == '\n' || c == '\x1b' || c == '\b' || c == '\t') {
            return std::nullopt;
        }
        return c;
    }
    switch (usage) {
    case 0x54: return '/';
    case 0x55: return '*';
    case 0x56: return '-';
    case 0x57: return '+';
    case 0x62: return '0';
    case 0x63: return '.';
    case 0x67: return '=';
    default: break;
    }
    if (usage >= 0x59 && usage <= 0x61) {
        return static_cast<char>('1' + (usage - 0x59));
    }
    return std::nullopt;
}

}  // namespace yimen::drivers::protocol
