// GB 11643-1999 identity numbers: structure, birth date and MOD 11-2 check character.
#include "common/id_number.h"

#include <cctype>

#include "common/field_validation.h"

namespace yimen {
namespace {

bool isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysIn(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

int digitsToInt(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

bool looksLikeId(std::string_view s) {
    if (s.size() != 18)
        return false;
    for (std::size_t i = 0; i < 17; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return std::isdigit(static_cast<unsigned char>(s[17])) || s[17] == 'X' || s[17] == 'x';
}

}  // namespace

char idNumberCheckChar(std::string_view first17) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char checks[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * weights[i];
    return checks[sum % 11];
}

IdNumberProblem checkIdNumber(std::string_view id, std::string_view today) {
    if (id.size() != 18)
        return IdNumberProblem::length;
    if (!looksLikeId(id))
        return IdNumberProblem::characters;
    if (id.substr(0, 6) == "000000" || id[0] == '0')
        return IdNumberProblem::region;
    const int year = digitsToInt(id.substr(6, 4));
    const int month = digitsToInt(id.substr(10, 2));
    const int day = digitsToInt(id.substr(12, 2));
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
        return IdNumberProblem::birthDate;
    const std::string todayStr = today.empty() ? todayYmd() : std::string(today);
    if (std::string(id.substr(6, 8)) > todayStr)
        return IdNumberProblem::birthDate;
    const char expected = idNumberCheckChar(id.substr(0, 17));
    const char given = static_cast<char>(std::toupper(static_cast<unsigned char>(id[17])));
    if (given != expected)
        return IdNumberProblem::checkDigit;
    return IdNumberProblem::none;
}

std::string maskIdNumber(std::string_view id) {
    if (id.size() < 8)
        return std::string(id.size(), '*');
    std::string out(id.substr(0, 4));
    out.append(id.size() - 8, '*');
    out.append(id.substr(id.size() - 4));
    return out;
}

std::string scrubIdNumbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        // A candidate must not be part of a longer run of digits.
        const bool boundaryBefore = i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]));
        if (boundaryBefore && i + 18 <= text.size() && looksLikeId(text.substr(i, 18)) &&
            (i + 18 == text.size() || !std::isalnum(static_cast<unsigned char>(text[i + 18])))) {
            out += maskIdNumber(text.substr(i, 18));
            i += 18;
        } else {
            out += text[i++];
        }
    }
    return out;
}

}  // namespace yimen
