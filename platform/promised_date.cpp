// Working-day arithmetic on the civil calendar (std::chrono's), in China Standard Time.
#include "platform/promised_date.h"

#include <chrono>
#include <cstdio>

#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

using namespace std::chrono;

int digits(std::string_view s, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (s[i] - '0');
    return value;
}

// The instant `text` names; `text` has passed isIso8601Timestamp, so every field is where it is read from.
sys_seconds instantOf(std::string_view text) {
    const year_month_day date{year{digits(text, 0, 4)}, month{static_cast<unsigned>(digits(text, 5, 2))},
                              day{static_cast<unsigned>(digits(text, 8, 2))}};
    sys_seconds at = sys_days(date) + hours(digits(text, 11, 2)) + minutes(digits(text, 14, 2)) +
                     seconds(digits(text, 17, 2));
    // The zone: Z, or ±HH:MM after the optional fraction, which does not change the day and is dropped.
    const std::size_t zone = text.find_first_of("Zz+-", 19);
    if (zone != std::string_view::npos && (text[zone] == '+' || text[zone] == '-')) {
        const minutes offset = hours(digits(text, zone + 1, 2)) + minutes(digits(text, zone + 4, 2));
        at -= text[zone] == '+' ? offset : -offset;
    }
    return at;
}

bool isWorkingDay(sys_days d) {
    const weekday w{d};
    return w != Saturday && w != Sunday;
}

}  // namespace

std::optional<std::string> promisedBy(std::string_view submittedAt, int timeLimitDays) {
    if (timeLimitDays < 0 || timeLimitDays > kMaxTimeLimitDays || !isIso8601Timestamp(submittedAt))
        return std::nullopt;
    sys_days d = floor<days>(instantOf(submittedAt) + minutes(kPromiseUtcOffsetMinutes));
    int left = timeLimitDays;
    // Any 7 days in a row hold 5 working days; the last few are walked, so the day found is a working day.
    if (left > 5) {
        const int weeks = (left - 1) / 5;
        d += days(7 * weeks);
        left -= 5 * weeks;
    }
    while (left > 0) {
        d += days(1);
        if (isWorkingDay(d))
            --left;
    }
    const year_month_day ymd{d};
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(buffer);
}

}  // namespace yimen::platform
