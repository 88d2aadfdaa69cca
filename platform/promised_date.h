// The 承诺时限 day: the date by which the department promised to finish an application.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace yimen::platform {

// The promise is counted in China Standard Time (UTC+8, no daylight saving).
inline constexpr int kPromiseUtcOffsetMinutes = 8 * 60;
// A time limit longer than this (about 40 years of working days) is not a promise anyone can date.
inline constexpr int kMaxTimeLimitDays = 10000;

// The day `timeLimitDays` working days after the day `submittedAt` falls on in China Standard Time, as
// YYYY-MM-DD: the first working day after that day is day 1 (submitted on a Friday or a Saturday with a time
// limit of 1: the Monday); a limit of 0 is the day itself. Working days are Monday to Friday only: there is
// no holiday calendar, so a public holiday counts as a working day and a Saturday worked in exchange (调休)
// does not. Nothing when `submittedAt` is not an RFC 3339 timestamp (isIso8601Timestamp) or `timeLimitDays`
// is outside 0..kMaxTimeLimitDays. Pure; any thread.
std::optional<std::string> promisedBy(std::string_view submittedAt, int timeLimitDays);

}  // namespace yimen::platform
