// UTC formatting with gmtime_r, and a strict RFC 3339 shape check for timestamps sent by kiosks.
#include "platform/timestamps.h"

#include <cctype>
#include <ctime>

#include "common/field_validation.h"

namespace yimen::platform {
namespace {

bool digitsAt(std::string_view s, std::size_t pos, std::size_t count) {
    if (pos + count > s.size())
        return false;
    for (std::size_t i = pos; i < pos + count; ++i)
        if (std::isdigit(static_cast<unsigned char>(s[i])) == 0)
            return false;
    return true;
}

int numberAt(std::string_view s, std::size_t pos) {
    return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

}  // namespace

std::string toIso8601Utc(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string utcNowIso8601() {
    return toIso8601Utc(std::chrono::system_clock::now());
}

std::string ymdAt(std::chrono::system_clock::time_point time, int offsetMinutes) {
    const std::time_t seconds =
        std::chrono::system_clock::to_time_t(time + std::chrono::minutes(offsetMinutes));
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y%m%d", &tm);
    return buffer;
}

bool isIso8601Timestamp(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS is 19 characters.
    if (text.size() < 20 || text.size() > 40)
        return false;
    if (!isCalendarDate(std::string(text.substr(0, 10))))
        return false;
    if (text[10] != 'T' && text[10] != 't')
        return false;
    if (!digitsAt(text, 11, 2) || text[13] != ':' || !digitsAt(text, 14, 2) || text[16] != ':' ||
        !digitsAt(text, 17, 2))
        return false;
    // Second 60 is a leap second.
    if (numberAt(text, 11) > 23 || numberAt(text, 14) > 59 || numberAt(text, 17) > 60)
        return false;
    std::size_t pos = 19;
    if (text[pos] == '.') {
        const std::size_t start = ++pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) ++pos;
        if (pos == start)
            return false;
    }
    if (pos == text.size())
        return false;
    if (text[pos] == 'Z' || text[pos] == 'z')
        return pos + 1 == text.size();
    if (text[pos] != '+' && text[pos] != '-')
        return false;
    return pos + 6 == text.size() && digitsAt(text, pos + 1, 2) && text[pos + 3] == ':' &&
           digitsAt(text, pos + 4, 2) && numberAt(text, pos + 1) <= 23 && numberAt(text, pos + 4) <= 59;
}

}  // namespace yimen::platform
