// Parsing and laying out the 256-byte ID-card text block, one field table per card type.
#include "drivers/protocol/id_text_block.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <vector>

#include "common/id_number.h"
#include "drivers/protocol/nation_codes.h"
#include "common/utf8.h"

namespace yimen::drivers::protocol {
namespace {

enum class Format { text, digits, letters, alnum, date, dateOrLongTerm };

struct Field {
    const char* label;
    std::size_t offset;
    std::size_t bytes;
    std::string IdCardText::*member;
    Format format;
    bool required;
};

constexpr const char* kLongTerm = "长期";

// GA/T 490 resident card.
const std::vector<Field> kResidentFields{
    {"name", 0, 30, &IdCardText::name, Format::text, true},
    {"sex", 30, 2, &IdCardText::sexCode, Format::digits, true},
    {"nation", 32, 4, &IdCardText::nationCode, Format::digits, true},
    {"birth date", 36, 16, &IdCardText::birthDate, Format::date, true},
    {"address", 52, 70, &IdCardText::address, Format::text, true},
    {"ID number", 122, 36, &IdCardText::idNumber, Format::alnum, true},
    {"issuing authority", 158, 30, &IdCardText::issuer, Format::text, true},
    {"valid-from date", 188, 16, &IdCardText::validFrom, Format::date, true},
    {"valid-to date", 204, 16, &IdCardText::validTo, Format::dateOrLongTerm, true},
};

// Hong Kong / Macau / Taiwan residence permit (2018), type 'J'.
const std::vector<Field> kPermitFields{
    {"name", 0, 30, &IdCardText::name, Format::text, true},
    {"sex", 30, 2, &IdCardText::sexCode, Format::digits, true},
    {"birth date", 36, 16, &IdCardText::birthDate, Format::date, true},
    {"address", 52, 70, &IdCardText::address, Format::text, true},
    {"ID number", 122, 36, &IdCardText::idNumber, Format::alnum, true},
    {"issuing authority", 158, 30, &IdCardText::issuer, Format::text, true},
    {"valid-from date", 188, 16, &IdCardText::validFrom, Format::date, true},
    {"valid-to date", 204, 16, &IdCardText::validTo, Format::dateOrLongTerm, true},
    {"pass number", 220, 18, &IdCardText::passNumber, Format::alnum, true},
    {"issue count", 238, 4, &IdCardText::issueCount, Format::digits, true},
};

// Foreigner permanent residence card, 2017 edition, type 'I'.
const std::vector<Field> kForeigner2017Fields{
    {"English name", 0, 120, &IdCardText::englishName, Format::text, true},
    {"sex", 120, 2, &IdCardText::sexCode, Format::digits, true},
    {"card number", 122, 30, &IdCardText::idNumber, Format::alnum, true},
    {"nationality", 152, 6, &IdCardText::nationality, Format::letters, true},
    {"Chinese name", 158, 30, &IdCardText::name, Format::text, false},
    {"issue date", 188, 16, &IdCardText::validFrom, Format::date, true},
    {"expiry date", 204, 16, &IdCardText::validTo, Format::dateOrLongTerm, true},
    {"birth date", 220, 16, &IdCardText::birthDate, Format::date, true},
    {"card version", 236, 4, &IdCardText::cardVersion, Format::digits, true},
    {"issuing authority code", 240, 8, &IdCardText::issuer, Format::digits, true},
};

// Foreigner permanent residence card, 2023 edition, type 'Y'. The English name continues at 220 (below).
const std::vector<Field> kForeigner2023Fields{
    {"Chinese name", 0, 30, &IdCardText::name, Format::text, false},
    {"sex", 30, 2, &IdCardText::sexCode, Format::digits, true},
    {"renewal count", 32, 4, &IdCardText::renewalCount, Format::digits, true},
    {"birth date", 36, 16, &IdCardText::birthDate, Format::date, true},
    {"ID number", 122, 36, &IdCardText::idNumber, Format::alnum, true},
    {"valid-from date", 188, 16, &IdCardText::validFrom, Format::date, true},
    {"valid-to date", 204, 16, &IdCardText::validTo, Format::dateOrLongTerm, true},
    {"nationality", 242, 6, &IdCardText::nationality, Format::letters, true},
    {"previous card link", 250, 6, &IdCardText::previousCardLink, Format::text, false},
};
constexpr std::size_t kEnglishName2023First = 52;
constexpr std::size_t kEnglishName2023FirstBytes = 70;
constexpr std::size_t kEnglishName2023Second = 220;
constexpr std::size_t kEnglishName2023SecondBytes = 22;

const char* kindName(CardKind kind) {
    switch (kind) {
    case CardKind::resident: return "resident ID card";
    case CardKind::foreignerPermanent2017: return "foreigner permanent residence card (2017)";
    case CardKind::foreignerPermanent2023: return "foreigner permanent residence card (2023)";
    case CardKind::hkMacauTaiwanPermit: return "Hong Kong/Macau/Taiwan residence permit";
    }
    return "card";
}

const std::vector<Field>& fieldsOf(CardKind kind) {
    switch (kind) {
    case CardKind::resident: return kResidentFields;
    case CardKind::foreignerPermanent2017: return kForeigner2017Fields;
    case CardKind::foreignerPermanent2023: return kForeigner2023Fields;
    case CardKind::hkMacauTaiwanPermit: return kPermitFields;
    }
    return kResidentFields;
}

char16_t unitAt(std::span<const std::uint8_t> block, std::size_t offset) {
    return static_cast<char16_t>(block[offset] | (block[offset + 1] << 8));
}

// The UCS-2LE units of a field, with the padding (spaces, and NULs some writers use) trimmed at both ends.
std::u16string unitsOf(std::span<const std::uint8_t> block, std::size_t offset, std::size_t bytes) {
    std::u16string units;
    for (std::size_t i = 0; i + 1 < bytes; i += 2) {
        units.push_back(unitAt(block, offset + i));
    }
    return units;
}

void trim(std::u16string& units) {
    auto isPad = [](char16_t u) { return u == u' ' || u == 0; };
    while (!units.empty() && isPad(units.back())) {
        units.pop_back();
    }
    const auto first = std::find_if_not(units.begin(), units.end(), isPad);
    units.erase(units.begin(), first);
}

// UCS-2 has no surrogates; control characters and noncharacters are not text either.
bool toUtf8(const std::u16string& units, std::string& out) {
    out.clear();
    for (const char16_t u : units) {
        if (u < 0x20 || u == 0x7F || (u >= 0xD800 && u <= 0xDFFF) || u == 0xFFFE || u == 0xFFFF) {
            return false;
        }
        appendUtf8(out, u);
    }
    return true;
}

bool allOf(const std::string& s, bool (*pred)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool isAlnum(char c) {
    return isDigit(c) || isUpper(c) || (c >= 'a' && c <= 'z');
}

bool isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// YYYYMMDD of a real day in 1900..2199 → YYYY-MM-DD.
bool toIsoDate(const std::string& ymd, std::string& out) {
    if (ymd.size() != 8 || !allOf(ymd, &isDigit)) {
        return false;
    }
    const int y = std::stoi(ymd.substr(0, 4));
    const int m = std::stoi(ymd.substr(4, 2));
    const int d = std::stoi(ymd.substr(6, 2));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    const int last = kDays[m - 1] + (m == 2 && isLeap(y) ? 1 : 0);
    if (d > last) {
        return false;
    }
    out = ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2);
    return true;
}

const char* describe(IdNumberProblem problem) {
    switch (problem) {
    case IdNumberProblem::none: return "valid";
    case IdNumberProblem::length: return "has the wrong length";
    case IdNumberProblem::characters: return "holds characters other than digits and a final X";
    case IdNumberProblem::region: return "has no region code";
    case IdNumberProblem::birthDate: return "holds an impossible birth date";
    case IdNumberProblem::checkDigit: return "fails the GB 11643 check digit";
    }
    return "is invalid";
}

void wipeString(std::string& s) {
    s.resize(s.capacity());
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) {
        p[i] = 0;
    }
    s.clear();
}

}  // namespace

void IdCardText::wipe() {
    for (std::string* field : {&name, &englishName, &sexCode, &sex, &nationCode, &nation, &nationality,
                               &birthDate, &address, &idNumber, &issuer, &validFrom, &validTo, &passNumber,
                               &issueCount, &renewalCount, &cardVersion, &previousCardLink}) {
        wipeString(*field);
    }
    kind = CardKind::resident;
}

Expected<IdCardText> parseIdTextBlock(std::span<const std::uint8_t> block, std::string_view todayYmd) {
    if (block.size() != kIdTextBlockSize) {
        return fail(ErrorCode::invalidInput, "ID card text block has " + std::to_string(block.size()) +
                                                 " bytes, not " + std::to_string(kIdTextBlockSize));
    }
    IdCardText text;
    const char16_t type = unitAt(block, kIdCardTypeOffset);
    switch (type) {
    case u' ':
    case 0: text.kind = CardKind::resident; break;
    case u'I': text.kind = CardKind::foreignerPermanent2017; break;
    case u'Y': text.kind = CardKind::foreignerPermanent2023; break;
    case u'J': text.kind = CardKind::hkMacauTaiwanPermit; break;
    default: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "ID card type U+%04X is not one this kiosk reads",
                      static_cast<unsigned>(type));
        return fail(ErrorCode::invalidInput, buf);
    }
    }
    const std::string kind = kindName(text.kind);
    auto bad = [&](const std::string& label, const std::string& why) -> Unexpected {
        text.wipe();
        return fail(ErrorCode::invalidInput, kind + ": " + label + " " + why);
    };

    for (const Field& field : fieldsOf(text.kind)) {
        std::u16string units = unitsOf(block, field.offset, field.bytes);
        trim(units);
        std::string value;
        if (!toUtf8(units, value)) {
            return bad(field.label, "holds characters that are not text");
        }
        if (value.empty()) {
            if (field.required) {
                return bad(field.label, "is empty");
            }
            continue;
        }
        std::string& out = text.*field.member;
        switch (field.format) {
        case Format::text: out = std::move(value); break;
        case Format::digits:
            if (!allOf(value, &isDigit)) {
                return bad(field.label, "is not a number");
            }
            out = std::move(value);
            break;
        case Format::letters:
            if (!allOf(value, &isUpper)) {
                return bad(field.label, "is not a three-letter code");
            }
            out = std::move(value);
            break;
        case Format::alnum:
            if (!allOf(value, &isAlnum)) {
                return bad(field.label, "holds characters other than letters and digits");
            }
            out = std::move(value);
            break;
        case Format::dateOrLongTerm:
            if (value == kLongTerm) {
                out = std::move(value);
                break;
            }
            [[fallthrough]];
        case Format::date:
            if (!toIsoDate(value, out)) {
                return bad(field.label, "is not a real date");
            }
            break;
        }
    }

    if (text.kind == CardKind::foreignerPermanent2023) {
        std::u16string units = unitsOf(block, kEnglishName2023First, kEnglishName2023FirstBytes) +
                               unitsOf(block, kEnglishName2023Second, kEnglishName2023SecondBytes);
        trim(units);
        if (!toUtf8(units, text.englishName)) {
            return bad("English name", "holds characters that are not text");
        }
        if (text.englishName.empty()) {
            return bad("English name", "is empty");
        }
    }

    if (const auto sex = sexName(text.sexCode)) {
        text.sex = *sex;
    } else {
        return bad("sex", "code is not in GB/T 2261.1");
    }
    if (text.kind == CardKind::resident) {
        if (const auto nation = nationName(text.nationCode)) {
            text.nation = *nation;
        } else {
            return bad("nation", "code is not in GB 3304");
        }
    }

    if (text.kind == CardKind::foreignerPermanent2017) {
        const std::string& number = text.idNumber;
        const bool shaped = number.size() == 15 &&
                            std::all_of(number.begin(), number.begin() + 3, &isUpper) &&
                            std::all_of(number.begin() + 3, number.end(), &isDigit);
        if (!shaped) {
            return bad("card number", "is not three letters and twelve digits");
        }
        if (text.nationality.size() != 3) {
            return bad("nationality", "is not a three-letter code");
        }
        return text;
    }

    const IdNumberProblem problem = checkIdNumber(text.idNumber, todayYmd);
    if (problem != IdNumberProblem::none) {
        return bad("ID number", describe(problem));
    }
    std::string birthInNumber = text.idNumber.substr(6, 8);
    birthInNumber.insert(6, "-");
    birthInNumber.insert(4, "-");
    if (birthInNumber != text.birthDate) {
        return bad("ID number", "does not match the birth date");
    }
    if (text.kind == CardKind::resident || text.kind == CardKind::hkMacauTaiwanPermit) {
        const bool odd = (text.idNumber[16] - '0') % 2 == 1;
        if ((text.sexCode == "1" && !odd) || (text.sexCode == "2" && odd)) {
            return bad("ID number", "does not match the sex");
        }
    }
    if (text.kind == CardKind::hkMacauTaiwanPermit) {
        const std::string region = text.idNumber.substr(0, 6);
        if (region != "810000" && region != "820000" && region != "830000") {
            return bad("ID number", "does not start with a Hong Kong, Macau or Taiwan code");
        }
    }
    if (text.kind == CardKind::foreignerPermanent2023) {
        if (text.idNumber[0] != '9') {
            return bad("ID number", "does not start with 9");
        }
        if (text.nationality.size() != 3) {
            return bad("nationality", "is not a three-letter code");
        }
    }
    return text;
}

namespace {

// Writes `value` as UCS-2LE at `offset`, space-padded to `bytes`; characters beyond the width are dropped.
Status put(std::vector<std::uint8_t>& block, std::size_t offset, std::size_t bytes, std::string_view value,
           std::size_t skipChars = 0) {
    std::size_t pos = 0;
    std::size_t index = 0;
    std::size_t written = 0;
    while (pos < value.size()) {
        const auto cp = decodeUtf8At(value, pos);
        if (!cp) {
            return fail(ErrorCode::invalidInput, "text is not valid UTF-8");
        }
        if (*cp > 0xFFFF) {
            return fail(ErrorCode::invalidInput, "text holds a character outside UCS-2");
        }
        if (index++ < skipChars) {
            continue;
        }
        if (written + 2 > bytes) {
            break;
        }
        block[offset + written] = static_cast<std::uint8_t>(*cp & 0xFF);
        block[offset + written + 1] = static_cast<std::uint8_t>(*cp >> 8);
        written += 2;
    }
    return {};
}

std::string undash(const std::string& date) {
    if (date == kLongTerm) {
        return date;
    }
    std::string out;
    std::copy_if(date.begin(), date.end(), std::back_inserter(out), [](char c) { return c != '-'; });
    return out;
}

}  // namespace

Expected<std::vector<std::uint8_t>> encodeIdTextBlock(const IdCardText& text) {
    std::vector<std::uint8_t> block(kIdTextBlockSize);
    for (std::size_t i = 0; i < block.size(); i += 2) {
        block[i] = 0x20;
    }
    for (const Field& field : fieldsOf(text.kind)) {
        const std::string& value = text.*field.member;
        const bool isDate = field.format == Format::date || field.format == Format::dateOrLongTerm;
        if (auto ok = put(block, field.offset, field.bytes, isDate ? undash(value) : value); !ok) {
            return fail(ok.error().withContext(field.label));
        }
    }
    if (text.kind == CardKind::foreignerPermanent2023) {
        if (auto ok = put(block, kEnglishName2023First, kEnglishName2023FirstBytes, text.englishName); !ok) {
            return fail(ok.error().withContext("English name"));
        }
        if (auto ok = put(block, kEnglishName2023Second, kEnglishName2023SecondBytes, text.englishName,
                          kEnglishName2023FirstBytes / 2);
            !ok) {
            return fail(ok.error().withContext("English name"));
        }
    }
    char16_t type = u' ';
    switch (text.kind) {
    case CardKind::resident: type = u' '; break;
    case CardKind::foreignerPermanent2017: type = u'I'; break;
    case CardKind::foreignerPermanent2023: type = u'Y'; break;
    case CardKind::hkMacauTaiwanPermit: type = u'J'; break;
    }
    block[kIdCardTypeOffset] = static_cast<std::uint8_t>(type);
    block[kIdCardTypeOffset + 1] = 0;
    return block;
}

}  // namespace yimen::drivers::protocol
