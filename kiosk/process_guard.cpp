// guardProcessMemory: no core dumps, no dumpable process.
#include "kiosk/process_guard.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace yimen::kiosk {

Status guardProcessMemory() {
    const rlimit none{0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0)
        return fail(ErrorCode::io, std::string("setrlimit(RLIMIT_CORE, 0): ") + errnoText(errno));
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return fail(ErrorCode::io, std::string("prctl(PR_SET_DUMPABLE, 0): ") + errnoText(errno));
    return {};
}

}  // namespace yimen::kiosk
