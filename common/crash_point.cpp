// crashPoint: SIGKILL at a named instant, for the kill -9 harness; nothing in a release build.
#include "common/crash_point.h"

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace yimen {

void crashPoint([[maybe_unused]] const char* name) {
#ifdef YIMEN_CRASH_POINTS
    // Read once, before any thread could set the environment (nothing in the kiosk does).
    static const char* const wanted = std::getenv("YIMEN_CRASH_AT");  // NOLINT(concurrency-mt-unsafe)
    if (wanted && std::strcmp(wanted, name) == 0)
        std::raise(SIGKILL);
#endif
}

}  // namespace yimen
