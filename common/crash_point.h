// Named instants where the kill -9 harness may kill the program: the moments where a crash hurts most.
#pragma once

namespace yimen {

// In a build with crash points (YIMEN_CRASH_POINTS, on unless CMAKE_BUILD_TYPE is Release), kills the
// process with SIGKILL when the environment variable YIMEN_CRASH_AT names this point; otherwise does nothing.
// The points: "commit" (inside the transaction that issues a receipt), "after-commit" (committed, not yet
// on screen), "after-print" (printed, not yet in the ledger), "after-post" (the platform answered, the outbox
// not yet told), "during-purge" (inside the transaction that marks an entry delivered). Any thread.
void crashPoint(const char* name);

}  // namespace yimen
