// Timestamps on the wire: ISO 8601 / RFC 3339 in UTC, e.g. 2026-11-29T06:30:00Z.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace yimen::platform {

// `time` as YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds).
std::string toIso8601Utc(std::chrono::system_clock::time_point time);

// The current time as YYYY-MM-DDTHH:MM:SSZ.
std::string utcNowIso8601();

// The calendar day of `time` at `offsetMinutes` from UTC, as YYYYMMDD (480: the day in China).
std::string ymdAt(std::chrono::system_clock::time_point time, int offsetMinutes);

// True for an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS, optional fraction, then Z or ±HH:MM;
// the date must be a real calendar date and the time a real time of day.
bool isIso8601Timestamp(std::string_view text);

}  // namespace yimen::platform
