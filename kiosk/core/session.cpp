// The session: the machines of kiosk/core/ applied to one citizen's state.
#include "kiosk/core/session.h"

#include <cstdio>

#include "kiosk/core/top_level.h"

namespace yimen::kiosk {

Session::Session(SessionConfig config) : config_(config) {}

std::vector<Effect> Session::handle(const Event& event) {
    std::vector<Effect> out;
    core::Step step{state_, config_, pendingCatalog_, out};
    core::handle(step, event);
    return out;
}

std::string ymdAt(std::int64_t ms, int utcOffsetMinutes) {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    const std::int64_t localSeconds = ms / 1000 + static_cast<std::int64_t>(utcOffsetMinutes) * 60;
    std::int64_t z = (localSeconds >= 0 ? localSeconds : localSeconds - 86399) / 86400 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", static_cast<int>(y), static_cast<int>(m),
                  static_cast<int>(d));
    return buf;
}

}  // namespace yimen::kiosk
