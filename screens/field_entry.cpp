// Keypad editing and display grouping of form answers.
#include "screens/field_entry.h"

#include <cctype>

#include "common/field_validation.h"

namespace yimen::screens {
namespace {

std::string digitsOf(std::string_view s) {
    std::string out;
    for (char c : s)
        if (std::isdigit(static_cast<unsigned char>(c)))
            out.push_back(c);
    return out;
}

// Removes the last UTF-8 character.
void popCharacter(std::string& s) {
    while (!s.empty()) {
        const unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80)
            break;
    }
}

bool isDigitKey(std::string_view key) {
    return key.size() == 1 && std::isdigit(static_cast<unsigned char>(key[0]));
}

std::string grouped(const std::string& value, std::initializer_list<std::size_t> sizes) {
    std::string out;
    std::size_t pos = 0;
    for (std::size_t size : sizes) {
        if (pos >= value.size())
            break;
        if (!out.empty())
            out.push_back(' ');
        out += value.substr(pos, size);
        pos += size;
    }
    if (pos < value.size())
        out += value.substr(pos);
    return out;
}

bool plainAscii(const std::string& s) {
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            return false;
    return true;
}

}  // namespace

std::string formatDateDigits(std::string_view digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size() && i < 8; ++i) {
        if (i == 4 || i == 6)
            out.push_back('-');
        out.push_back(digits[i]);
    }
    return out;
}

std::string pressKey(const FieldSpec& field, const std::string& draft, std::string_view key) {
    if (key == "clear")
        return {};
    switch (field.type) {
    case FieldType::phone:
    case FieldType::idNumber: {
        std::string value = draft;
        if (key == "delete") {
            popCharacter(value);
            return value;
        }
        const std::size_t limit = field.type == FieldType::phone ? 11 : 18;
        const bool accepted = isDigitKey(key) || (field.type == FieldType::idNumber && key == "X");
        if (!accepted || value.size() >= limit)
            return draft;
        return value + std::string(key);
    }
    case FieldType::date: {
        std::string digits = digitsOf(draft);
        if (key == "delete") {
            if (!digits.empty())
                digits.pop_back();
            return formatDateDigits(digits);
        }
        if (!isDigitKey(key) || digits.size() >= 8)
            return formatDateDigits(digits);
        return formatDateDigits(digits + std::string(key));
    }
    case FieldType::choice: return draft;
    case FieldType::text:
    case FieldType::address:
        if (key == "delete") {
            std::string value = draft;
            popCharacter(value);
            return value;
        }
        return typeText(field, draft, key);
    }
    return draft;
}

std::string typeText(const FieldSpec& field, const std::string& draft, std::string_view typed) {
    if (field.type == FieldType::choice)
        return draft;
    if (field.type != FieldType::text && field.type != FieldType::address) {
        std::string value = draft;
        for (char c : typed) {
            const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            value = pressKey(field, value, std::string_view(&upper, 1));
        }
        return value;
    }
    const std::string value = draft + std::string(typed);
    const std::size_t limit = field.maxLength > 0 ? static_cast<std::size_t>(field.maxLength) : 50;
    return utf8Length(value) <= limit ? value : draft;
}

std::string displayValue(FieldType type, const std::string& value) {
    if (!plainAscii(value))
        return value;
    switch (type) {
    case FieldType::phone: return grouped(value, {3, 4, 4});
    case FieldType::idNumber: return grouped(value, {6, 8, 4});
    default: return value;
    }
}

}  // namespace yimen::screens
