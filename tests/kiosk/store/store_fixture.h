// Shared test scaffolding for the store: an opened store inside a private temporary directory.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kiosk/store/database.h"
#include "kiosk/store/sealed_box.h"
#include "tests/support/temp_dir.h"

namespace yimen::kiosk::store::test {

using yimen::testing::TempDir;

// The due-query horizon the sync passes with its default policy: 5 min of backoff plus 20 % jitter.
inline constexpr std::int64_t kHorizonMs = 360'001;

inline std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Fails the test (throws) if the database cannot be opened, so test bodies read straight.
inline std::unique_ptr<Database> openDatabase(const std::string& path) {
    auto db = openKioskDatabase(path);
    if (!db)
        throw std::runtime_error(db.error().describe());
    return std::move(*db);
}

inline SealedBox loadBox(const std::string& keyPath) {
    auto box = SealedBox::loadOrCreateKey(keyPath);
    if (!box)
        throw std::runtime_error(box.error().describe());
    return std::move(*box);
}

// Milliseconds since the epoch of a wall-clock time in UTC+8, the zone the store tests run in.
inline std::int64_t chinaTimeMs(int year, unsigned month, unsigned day, int hour, int minute) {
    using namespace std::chrono;
    const auto utc = sys_days{std::chrono::year{year} / month / day} + hours{hour - 8} + minutes{minute};
    return duration_cast<milliseconds>(utc.time_since_epoch()).count();
}

// Receipt numbers follow the local day; the tests pin the local zone to UTC+8 (POSIX form, no tzdata needed).
inline void useChinaTime() {
    ::setenv("TZ", "CST-8", 1);
    ::tzset();
}

// The store of one terminal in a temporary directory: database and key file side by side.
struct StoreFixture {
    TempDir dir;
    std::string dbPath = dir.file("kiosk.db");
    std::string keyPath = dir.file("keys/outbox.key");
    std::unique_ptr<Database> db = openDatabase(dbPath);
    SealedBox box = loadBox(keyPath);

    void reopen() {
        db.reset();
        db = openDatabase(dbPath);
    }
};

}  // namespace yimen::kiosk::store::test
