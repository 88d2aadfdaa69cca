// What a kiosk process does to itself at start so that its memory (a citizen's data) never leaves it.
#pragma once

#include "common/error.h"

namespace yimen::kiosk {

// Turns core dumps off (RLIMIT_CORE 0) and makes the process non-dumpable (PR_SET_DUMPABLE 0: no core,
// and no ptrace or /proc/PID/mem by other processes of the same user). For the kiosk program at start, before
// any personal data is read; never in a test that needs a core. Errors: io (with the call that failed).
[[nodiscard]] Status guardProcessMemory();

}  // namespace yimen::kiosk
