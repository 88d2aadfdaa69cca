// Tests for kiosk/process_guard: after start the process leaves no core and cannot be dumped.
#include "kiosk/process_guard.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

using namespace yimen::kiosk;

TEST_CASE("the start-up guard makes the process non-dumpable with no core", "[privacy]") {
    // In a child, so that this test process keeps its own settings.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (!guardProcessMemory())
            ::_exit(2);
        rlimit core{};
        if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0)
            ::_exit(3);
        ::_exit(::prctl(PR_GET_DUMPABLE) == 0 ? 0 : 4);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
