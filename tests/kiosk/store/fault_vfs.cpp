// The fault-injecting VFS: every call goes to the default VFS, except the armed write or sync.
#include "fault_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <stdexcept>

namespace yimen::kiosk::store::test {
namespace {

struct State {
    sqlite3_vfs* real = nullptr;
    sqlite3_vfs vfs{};
    bool armed = false;
    FaultOp op = FaultOp::write;
    FaultKind kind = FaultKind::diskFull;
    int remaining = 0;
    bool fired = false;
};
State state;

// The wrapper's file: SQLite allocates szOsFile bytes; the real file lives right after this header.
struct File {
    sqlite3_file base;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};
File* of(sqlite3_file* f) {
    return reinterpret_cast<File*>(f);
}
const sqlite3_io_methods* realMethods(sqlite3_file* f) {
    return of(f)->real()->pMethods;
}

bool shouldFail(FaultOp op) {
    if (!state.armed || state.op != op)
        return false;
    if (state.remaining > 1) {
        --state.remaining;
        return false;
    }
    state.remaining = 0;
    state.fired = true;
    return true;
}

int failure(FaultOp op) {
    if (state.kind == FaultKind::diskFull)
        return SQLITE_FULL;
    return op == FaultOp::write ? SQLITE_IOERR_WRITE : SQLITE_IOERR_FSYNC;
}

int xClose(sqlite3_file* f) {
    return realMethods(f)->xClose(of(f)->real());
}
int xRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    return realMethods(f)->xRead(of(f)->real(), buffer, amount, offset);
}
int xWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    if (shouldFail(FaultOp::write))
        return failure(FaultOp::write);
    return realMethods(f)->xWrite(of(f)->real(), buffer, amount, offset);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
    return realMethods(f)->xTruncate(of(f)->real(), size);
}
int xSync(sqlite3_file* f, int flags) {
    if (shouldFail(FaultOp::sync))
        return failure(FaultOp::sync);
    return realMethods(f)->xSync(of(f)->real(), flags);
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) {
    return realMethods(f)->xFileSize(of(f)->real(), size);
}
int xLock(sqlite3_file* f, int lock) {
    return realMethods(f)->xLock(of(f)->real(), lock);
}
int xUnlock(sqlite3_file* f, int lock) {
    return realMethods(f)->xUnlock(of(f)->real(), lock);
}
int xCheckReservedLock(sqlite3_file* f, int* out) {
    return realMethods(f)->xCheckReservedLock(of(f)->real(), out);
}
int xFileControl(sqlite3_file* f, int op, void* arg) {
    return realMethods(f)->xFileControl(of(f)->real(), op, arg);
}
int xSectorSize(sqlite3_file* f) {
    return realMethods(f)->xSectorSize(of(f)->real());
}
int xDeviceCharacteristics(sqlite3_file* f) {
    return realMethods(f)->xDeviceCharacteristics(of(f)->real());
}
int xShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return realMethods(f)->xShmMap(of(f)->real(), region, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return realMethods(f)->xShmLock(of(f)->real(), offset, n, flags);
}
void xShmBarrier(sqlite3_file* f) {
    realMethods(f)->xShmBarrier(of(f)->real());
}
int xShmUnmap(sqlite3_file* f, int deleteFlag) {
    return realMethods(f)->xShmUnmap(of(f)->real(), deleteFlag);
}

// Version 2: WAL needs the shared-memory methods; memory-mapped I/O (version 3) is left off.
const sqlite3_io_methods kMethods = {2,
                                     xClose,
                                     xRead,
                                     xWrite,
                                     xTruncate,
                                     xSync,
                                     xFileSize,
                                     xLock,
                                     xUnlock,
                                     xCheckReservedLock,
                                     xFileControl,
                                     xSectorSize,
                                     xDeviceCharacteristics,
                                     xShmMap,
                                     xShmLock,
                                     xShmBarrier,
                                     xShmUnmap,
                                     nullptr,
                                     nullptr};

int xOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags) {
    File* file = of(f);
    file->base.pMethods = nullptr;
    const int rc = state.real->xOpen(state.real, name, file->real(), flags, outFlags);
    if (rc == SQLITE_OK && file->real()->pMethods != nullptr)
        file->base.pMethods = &kMethods;
    return rc;
}
int xDelete(sqlite3_vfs*, const char* name, int syncDir) {
    return state.real->xDelete(state.real, name, syncDir);
}
int xAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
    return state.real->xAccess(state.real, name, flags, out);
}
int xFullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return state.real->xFullPathname(state.real, name, size, out);
}
void* xDlOpen(sqlite3_vfs*, const char* name) {
    return state.real->xDlOpen(state.real, name);
}
void xDlError(sqlite3_vfs*, int size, char* out) {
    state.real->xDlError(state.real, size, out);
}
void (*xDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return state.real->xDlSym(state.real, handle, symbol);
}
void xDlClose(sqlite3_vfs*, void* handle) {
    state.real->xDlClose(state.real, handle);
}
int xRandomness(sqlite3_vfs*, int size, char* out) {
    return state.real->xRandomness(state.real, size, out);
}
int xSleep(sqlite3_vfs*, int micros) {
    return state.real->xSleep(state.real, micros);
}
int xCurrentTime(sqlite3_vfs*, double* out) {
    return state.real->xCurrentTime(state.real, out);
}
int xGetLastError(sqlite3_vfs*, int size, char* out) {
    return state.real->xGetLastError ? state.real->xGetLastError(state.real, size, out) : 0;
}
int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
    return state.real->xCurrentTimeInt64(state.real, out);
}

}  // namespace

FaultVfs::FaultVfs() {
    state = State{};
    state.real = sqlite3_vfs_find(nullptr);
    if (state.real == nullptr)
        throw std::runtime_error("no default SQLite VFS");
    sqlite3_vfs& v = state.vfs;
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(sizeof(File)) + state.real->szOsFile;
    v.mxPathname = state.real->mxPathname;
    v.zName = "yimen-fault";
    v.xOpen = xOpen;
    v.xDelete = xDelete;
    v.xAccess = xAccess;
    v.xFullPathname = xFullPathname;
    v.xDlOpen = xDlOpen;
    v.xDlError = xDlError;
    v.xDlSym = xDlSym;
    v.xDlClose = xDlClose;
    v.xRandomness = xRandomness;
    v.xSleep = xSleep;
    v.xCurrentTime = xCurrentTime;
    v.xGetLastError = xGetLastError;
    v.xCurrentTimeInt64 = xCurrentTimeInt64;
    if (sqlite3_vfs_register(&v, 1) != SQLITE_OK)
        throw std::runtime_error("registering the fault VFS");
}

FaultVfs::~FaultVfs() {
    sqlite3_vfs_register(state.real, 1);
    sqlite3_vfs_unregister(&state.vfs);
}

void FaultVfs::arm(FaultOp op, FaultKind kind, int nth) {
    state.armed = true;
    state.op = op;
    state.kind = kind;
    state.remaining = nth;
    state.fired = false;
}

void FaultVfs::disarm() {
    state.armed = false;
}

bool FaultVfs::fired() const {
    return state.fired;
}

}  // namespace yimen::kiosk::store::test
