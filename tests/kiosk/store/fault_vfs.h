// A SQLite VFS that wraps the default one and fails the Nth write or sync, as a full disk (ENOSPC) or a
// failing one (EIO) would, for the storage-fault harness.
#pragma once

namespace yimen::kiosk::store::test {

enum class FaultOp { write, sync };
enum class FaultKind { diskFull, ioError };

// Registers the wrapper as SQLite's default VFS for as long as it lives, so Database::open uses it.
// Not thread-safe: one at a time, from the test thread.
class FaultVfs {
public:
    FaultVfs();
    ~FaultVfs();
    FaultVfs(const FaultVfs&) = delete;
    FaultVfs& operator=(const FaultVfs&) = delete;

    // From now on the nth (1-based) operation of that kind fails, and so does every later one of that
    // kind until disarm(): a full disk stays full, a failing disk keeps failing.
    void arm(FaultOp op, FaultKind kind, int nth);
    void disarm();
    // Whether an armed fault was hit since arm().
    bool fired() const;
};

}  // namespace yimen::kiosk::store::test
