// Tests for the store worker: the main loop never waits on the database.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "app_fixture.h"

using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

namespace {

// Another connection to the kiosk's database (a technician's sqlite3 shell) holding the write lock.
struct WriteLock {
    sqlite3* db = nullptr;
    explicit WriteLock(const std::string& path) {
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    void release() {
        if (!db)
            return;
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        db = nullptr;
    }
    ~WriteLock() { release(); }
};

}  // namespace

TEST_CASE("while another connection holds the database, the main loop still turns and the commit waits",
          "[app][store]") {
    AppFixture f;
    f.walkToReview();
    WriteLock lock(f.config.dataDir + "/kiosk.db");

    f.send(ev::Submit{});
    REQUIRE(f.app->state().screen == Screen::submitting);

    // Events are still handled: a device's health change reaches the session, a tap is answered.
    DeviceStatus degraded;
    degraded.state = DeviceStatus::State::degraded;
    degraded.reason = "test";
    f.app->post(ev::DeviceHealthChanged{"scanner", degraded});
    REQUIRE(f.until([](const SessionState& s) { return !s.deviceUsable("scanner"); }, 2s));
    f.app->post(ev::Home{});  // refused while saving, and answered at once
    REQUIRE(f.until([](const SessionState& s) { return s.screen == Screen::submitting; }, 1s));
    CHECK(f.app->state().submitError.empty());

    // The lock goes away: the commit completes and the receipt comes.
    lock.release();
    REQUIRE(f.until([](const SessionState& s) { return s.screen == Screen::receipt; }, 10s));
    CHECK(f.app->state().receipt);
}
