// HID keyboard reports: where the keys sit in a report (boot layout or from the descriptor) and the US
// layout.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/hid_report_descriptor.h"

namespace yimen::drivers::protocol {

constexpr std::uint16_t kHidPageGenericDesktop = 0x01;
constexpr std::uint16_t kHidPageKeyboard = 0x07;
constexpr HidUsage kHidUsageKeyboard = hidUsage(kHidPageGenericDesktop, 0x06);

// Modifier bits of a boot report (byte 0), the same order as usages 0xE0..0xE7.
namespace hidmod {
constexpr std::uint8_t leftCtrl = 0x01, leftShift = 0x02, leftAlt = 0x04, leftGui = 0x08;
constexpr std::uint8_t rightCtrl = 0x10, rightShift = 0x20, rightAlt = 0x40, rightGui = 0x80;
constexpr std::uint8_t shift = leftShift | rightShift;
// Held with a key, these make it a shortcut rather than a character.
constexpr std::uint8_t command = leftCtrl | leftAlt | leftGui | rightCtrl | rightAlt | rightGui;
}  // namespace hidmod

// Keyboard usages a scanner sends besides characters.
namespace hidkey {
constexpr std::uint8_t errorRollOver = 0x01;
constexpr std::uint8_t enter = 0x28;
constexpr std::uint8_t tab = 0x2B;
constexpr std::uint8_t capsLock = 0x39;
constexpr std::uint8_t keypadEnter = 0x58;
}  // namespace hidkey

// Where a keyboard report keeps its modifier bits and its array of pressed keys.
struct KeyboardReportLayout {
    std::uint8_t reportId = 0;            // 0: reports carry no ID byte
    std::uint32_t modifierBitOffset = 0;  // eight 1-bit modifiers, usages 0xE0..0xE7 in order
    bool hasModifiers = true;
    std::uint32_t keysBitOffset = 16;
    std::uint32_t keySize = 8;
    std::uint32_t keyCount = 6;
    std::int64_t keyLogicalMinimum = 0;
    HidUsage keyUsageMinimum = hidUsage(kHidPageKeyboard, 0);
    std::size_t reportBytes = 8;  // with the ID byte
};

// The HID boot protocol report: modifiers, a reserved byte, six key usages.
KeyboardReportLayout bootKeyboardLayout();

// The keyboard input report of a descriptor: a variable field of the eight modifier usages (optional) and an
// array field on the keyboard page. Errors: notFound when the descriptor declares no such report;
// invalidInput when its key array is not of 8-bit elements.
[[nodiscard]] Expected<KeyboardReportLayout> findKeyboardLayout(const HidReportDescriptor& descriptor);

// The keys held in one report.
struct KeyboardState {
    std::uint8_t modifiers = 0;
    std::vector<std::uint8_t> keys;  // keyboard-page usage IDs, in report order, without the empty 0 slots
    bool rollOver = false;           // the "too many keys" report (every slot 0x01): no key information

    friend bool operator==(const KeyboardState&, const KeyboardState&) = default;
};

// Decodes one report. nullopt when the report carries another report ID (it belongs to another collection).
// Errors: invalidInput when the report is shorter than the layout needs. Pure; any thread.
[[nodiscard]] Expected<std::optional<KeyboardState>> decodeKeyboardReport(
    const KeyboardReportLayout& layout, std::span<const std::uint8_t> report);

// The character a US-layout keyboard types for `usage` with Shift held or not (Caps Lock affects letters
// only): letters, digits, space and the punctuation keys of the main block and the keypad. nullopt for every
// other key (Enter, Tab, arrows, F-keys, ...).
std::optional<char> usKeyboardCharacter(std::uint8_t usage, bool shift, bool capsLock = false);

}  // namespace yimen::drivers::protocol
