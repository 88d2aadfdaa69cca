// Tests of platform/state_dir.cpp and of the database files' modes: personal data is the owner's alone.
#include "platform/state_dir.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;

namespace {

unsigned modeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("a new state folder is 0700 and its database, WAL and shared memory 0600", "[state]") {
    TempDir dir;
    const std::string state = dir / "state";
    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(state);
    REQUIRE(store.hasValue());
    REQUIRE((*store)->saveCatalog("v1", "{}").hasValue());  // a write, so the -wal and -shm exist
    CHECK(modeOf(state) == 0700);
    for (const char* file : {"/platform.db", "/platform.db-wal", "/platform.db-shm"}) {
        INFO(file);
        CHECK(modeOf(state + file) == 0600);
    }
}

TEST_CASE("a state folder or database that others may read is tightened at start", "[state]") {
    TempDir dir;
    const std::string state = dir / "state";
    REQUIRE(prepareStateDir(state).hasValue());
    // As a `mkdir -p` under umask 022 or a careless restore from a backup would leave them.
    REQUIRE(::chmod(state.c_str(), 0755) == 0);
    REQUIRE(::chmod((state + "/platform.db").c_str(), 0644) == 0);

    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(state);
    REQUIRE(store.hasValue());
    CHECK(modeOf(state) == 0700);
    CHECK(modeOf(state + "/platform.db") == 0600);
    REQUIRE((*store)->saveCatalog("v1", "{}").hasValue());
    CHECK(modeOf(state + "/platform.db-wal") == 0600);
}

TEST_CASE("a fresh state directory has no kiosk; one registered at enrolment stays registered", "[state]") {
    TempDir dir;
    const std::string state = dir / "state";
    {
        Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(state);
        REQUIRE(store.hasValue());
        CHECK_FALSE((*store)->terminalOf("kiosk-0001")->has_value());
        REQUIRE((*store)->registerKiosk("kiosk-0002", 2).hasValue());
    }
    Expected<std::unique_ptr<ApplicationStore>> again = prepareStateDir(state);
    REQUIRE(again.hasValue());
    CHECK_FALSE((*again)->terminalOf("kiosk-0001")->has_value());
    CHECK((*again)->terminalOf("kiosk-0002")->value_or(0) == 2);
}
