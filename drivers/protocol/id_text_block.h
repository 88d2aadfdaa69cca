// The 256-byte text block of a Chinese ID card (GA/T 490 and its sister cards): UCS-2LE fields by card type.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/identity.h"

namespace yimen::drivers::protocol {

inline constexpr std::size_t kIdTextBlockSize = 256;
// The one UCS-2 character at this offset says which card it is: ' ' resident, 'I' foreigner permanent
// residence (2017), 'Y' foreigner permanent residence (2023), 'J' Hong Kong / Macau / Taiwan residence
// permit.
inline constexpr std::size_t kIdCardTypeOffset = 248;

// Everything the text block holds, decoded and checked. Personal data: wipe() when done. Fields a card type
// does not have stay empty.
struct IdCardText {
    CardKind kind = CardKind::resident;
    std::string name;              // Chinese name; may be empty on foreigner cards
    std::string englishName;       // foreigner cards
    std::string sexCode;           // GB/T 2261.1 digit
    std::string sex;               // 男 / 女 / 未知的性别 / 未说明的性别
    std::string nationCode;        // resident cards: GB 3304 two digits
    std::string nation;            // resident cards: 汉, 蒙古, …
    std::string nationality;       // foreigner cards: GB/T 2659 three letters
    std::string birthDate;         // YYYY-MM-DD
    std::string address;           // resident cards and permits
    std::string idNumber;          // 18 characters; 2017 foreigner cards: the 15-character card number
    std::string issuer;            // issuing authority; 2017 foreigner cards: its four-digit code
    std::string validFrom;         // YYYY-MM-DD
    std::string validTo;           // YYYY-MM-DD or 长期
    std::string passNumber;        // permits: the Hong Kong / Macau / Taiwan travel permit number
    std::string issueCount;        // permits: how many times issued
    std::string renewalCount;      // 2023 foreigner cards
    std::string cardVersion;       // 2017 foreigner cards
    std::string previousCardLink;  // 2023 foreigner cards: link to the old card, as stored

    // Overwrites every field before clearing it.
    void wipe();
};

// Parses and checks a text block. Every field must decode (no control characters, no lone surrogates),
// dates must be real dates, codes must be in their tables, and 18-character numbers must pass GB 11643
// (common/id_number.h) and agree with the birth date (and, on resident cards and permits, with the sex).
// `todayYmd` (YYYYMMDD) is for tests; empty means today.
// Errors: invalidInput naming the card type and the field, never quoting the holder's data. Pure; any thread.
[[nodiscard]] Expected<IdCardText> parseIdTextBlock(std::span<const std::uint8_t> block,
                                                    std::string_view todayYmd = {});

// The inverse, for tests, fixtures and the fuzz corpus: lays out `text` for its card type. Fields are
// truncated to their width; dates are given as YYYY-MM-DD (or 长期) and codes as on the card.
// Errors: invalidInput when a field holds a character outside the Basic Multilingual Plane.
[[nodiscard]] Expected<std::vector<std::uint8_t>> encodeIdTextBlock(const IdCardText& text);

}  // namespace yimen::drivers::protocol
