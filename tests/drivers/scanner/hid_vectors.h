// HID test vectors for the scanner tests: report descriptors of real device kinds, and keystroke reports for
// text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace yimen::drivers::test {

// The boot keyboard of HID 1.11 Appendix B.1: modifiers, reserved byte, LED output, six key slots.
inline const std::vector<std::uint8_t> kBootKeyboardDescriptor = {
    0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25, 0x01,
    0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01,
    0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06,
    0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0};

// A keyboard scanner with report IDs: keyboard report 1 (no reserved byte, 6 keys, Logical Maximum 255
// written in one byte) and a consumer-control report 2.
inline const std::vector<std::uint8_t> kReportIdKeyboardDescriptor = {
    0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x85, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25,
    0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0xFF, 0x05, 0x07,
    0x19, 0x00, 0x29, 0xFF, 0x81, 0x00, 0xC0, 0x05, 0x0C, 0x09, 0x01, 0xA1, 0x01, 0x85, 0x02, 0x15, 0x00,
    0x26, 0xFF, 0x03, 0x19, 0x00, 0x2A, 0xFF, 0x03, 0x75, 0x10, 0x95, 0x01, 0x81, 0x00, 0xC0};

// A HID POS scanner laid out like Honeywell / Access-IS units (reference/PROTOCOLS.md C.2): report 2 of 64
// bytes, byte 1 Byte Count, bytes 2-4 the AIM identifier, bytes 5-60 decoded data, 61-62 vendor, byte 63 bit
// 0 Decode Data Continued.
inline const std::vector<std::uint8_t> kHidPosDescriptor = {
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01,              // Usage Page (Bar Code Scanner), Usage (Scanner), App
    0x09, 0x12, 0xA1, 0x02,                          //   Usage (Scanned Data Report), Collection (Logical)
    0x85, 0x02,                                      //   Report ID 2
    0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08,        //   Logical 0..255, 8 bits
    0x95, 0x01, 0x05, 0x01, 0x09, 0x3B, 0x81, 0x02,  //   1 x Generic Desktop Byte Count
    0x95, 0x03, 0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x81, 0x02,  // Symbology Identifier 1-3
    0x95, 0x38, 0x09, 0xFE, 0x82, 0x02, 0x01,                          //   56 x Decoded Data (Buffered Bytes)
    0x06, 0x66, 0xFF, 0x95, 0x02, 0x09, 0x04, 0x09, 0x05, 0x81, 0x02,  // 2 vendor bytes
    0x05, 0x8C, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x09, 0xFF, 0x81, 0x02,  // Decode Data Continued
    0x75, 0x07, 0x81, 0x01,                                                  //   padding
    0xC0, 0xC0};

// The smallest HID POS layout: no report ID, 32 zero-padded data bytes, nothing else.
inline const std::vector<std::uint8_t> kBareHidPosDescriptor = {0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x15,
                                                                0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95,
                                                                0x20, 0x09, 0xFE, 0x81, 0x02, 0xC0};

// One 64-byte report of kHidPosDescriptor.
inline std::vector<std::uint8_t> hidPosReport(std::string_view data, std::string_view aim = "]Q0",
                                              bool continued = false) {
    std::vector<std::uint8_t> r(64, 0);
    r[0] = 0x02;
    r[1] = static_cast<std::uint8_t>(data.size());
    for (std::size_t i = 0; i < aim.size() && i < 3; ++i) r[2 + i] = static_cast<std::uint8_t>(aim[i]);
    for (std::size_t i = 0; i < data.size() && i < 56; ++i) r[5 + i] = static_cast<std::uint8_t>(data[i]);
    r[63] = continued ? 0x01 : 0x00;
    return r;
}

// The usage and Shift state that type `c` on a US keyboard; nullopt for characters it cannot type.
inline std::optional<std::pair<std::uint8_t, bool>> usKey(char c) {
    if (c >= 'a' && c <= 'z')
        return std::pair{static_cast<std::uint8_t>(0x04 + (c - 'a')), false};
    if (c >= 'A' && c <= 'Z')
        return std::pair{static_cast<std::uint8_t>(0x04 + (c - 'A')), true};
    if (c >= '1' && c <= '9')
        return std::pair{static_cast<std::uint8_t>(0x1E + (c - '1')), false};
    if (c == '0')
        return std::pair{std::uint8_t{0x27}, false};
    if (c == '\n')
        return std::pair{std::uint8_t{0x28}, false};
    if (c == '\t')
        return std::pair{std::uint8_t{0x2B}, false};
    constexpr std::string_view plain = " -=[]\\";
    constexpr std::string_view shifted = " _+{}|";
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (c == plain[i])
            return std::pair{static_cast<std::uint8_t>(0x2C + i), false};
        if (c == shifted[i] && c != ' ')
            return std::pair{static_cast<std::uint8_t>(0x2C + i), true};
    }
    constexpr std::string_view plain2 = ";'`,./";
    constexpr std::string_view shifted2 = ":\"~<>?";
    for (std::size_t i = 0; i < plain2.size(); ++i) {
        if (c == plain2[i])
            return std::pair{static_cast<std::uint8_t>(0x33 + i), false};
        if (c == shifted2[i])
            return std::pair{static_cast<std::uint8_t>(0x33 + i), true};
    }
    constexpr std::string_view digitsShifted = "!@#$%^&*()";
    for (std::size_t i = 0; i < digitsShifted.size(); ++i) {
        if (c == digitsShifted[i])
            return std::pair{static_cast<std::uint8_t>(0x1E + i), true};
    }
    return std::nullopt;
}

// Boot keyboard reports that type `text` the way a scanner does: each key pressed (with Left Shift when
// needed) in one report and released in the next. `reportId` is put in front when not 0 (and the reserved
// byte left out, as kReportIdKeyboardDescriptor lays it out).
inline std::vector<std::vector<std::uint8_t>> typeText(std::string_view text, std::uint8_t reportId = 0) {
    std::vector<std::vector<std::uint8_t>> reports;
    const auto report = [reportId](std::uint8_t modifiers, std::uint8_t key) {
        std::vector<std::uint8_t> r;
        if (reportId != 0) {
            r = {reportId, modifiers, key, 0, 0, 0, 0, 0};
        } else {
            r = {modifiers, 0, key, 0, 0, 0, 0, 0};
        }
        return r;
    };
    for (char c : text) {
        const auto key = usKey(c);
        if (!key)
            continue;
        reports.push_back(report(key->second ? 0x02 : 0x00, key->first));
        reports.push_back(report(0, 0));
    }
    return reports;
}

}  // namespace yimen::drivers::test
