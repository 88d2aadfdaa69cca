// crashPoint: SIGKILL at a named instant, for the kill -9 harness; nothing in a release build.
#include "common/crash_point.h"

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace yimen {

void crashPoint([[maybe_unused]] const char* name) {
#ifdef YIMEN_CRASH_POINTS
    static const char* const wanted = std::getenv("YIMEN_CRASH_AT");
    if (wanted && std::strcmp(wanted, name) == 0)
        std::raise(SIGKILL);
#endif
}

}  // namespace yimen
