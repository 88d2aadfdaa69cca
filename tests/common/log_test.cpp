// Tests for common/log: the file is private to the kiosk's user and never grows past its bound.
#include "common/log.h"

#include <unistd.h>

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace yimen;

namespace {

fs::path freshDir() {
    fs::path dir = fs::temp_directory_path() / ("yimen-log-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

unsigned modeOf(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("the log file is created readable by its owner only, and an open one is narrowed", "[log]") {
    const fs::path dir = freshDir();
    const fs::path file = dir / "kiosk.log";
    log::setFile(file.string());
    log::warn("test", "a line");
    CHECK(modeOf(file) == 0600);

    const fs::path wide = dir / "wide.log";
    { std::ofstream(wide) << "old\n"; }
    fs::permissions(wide, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
    log::setFile(wide.string());
    log::warn("test", "a line");
    CHECK(modeOf(wide) == 0600);
    log::setFile("");
    fs::remove_all(dir);
}

TEST_CASE("the log rotates by size and keeps only the configured number of files", "[log]") {
    const fs::path dir = freshDir();
    const fs::path file = dir / "kiosk.log";
    log::setStderrLevel(log::Level::error);
    log::setFile(file.string(), {1000, 3});
    const std::string filler(60, 'x');
    for (int i = 0; i < 200; ++i) log::warn("test", filler + " " + std::to_string(i));
    log::setFile("");
    log::setStderrLevel(log::Level::debug);

    CHECK(fs::exists(file));
    CHECK(fs::exists(dir / "kiosk.log.1"));
    CHECK(fs::exists(dir / "kiosk.log.2"));
    CHECK_FALSE(fs::exists(dir / "kiosk.log.3"));
    for (const char* name : {"kiosk.log", "kiosk.log.1", "kiosk.log.2"}) {
        INFO(name);
        CHECK(fs::file_size(dir / name) <= 1000);
        CHECK(modeOf(dir / name) == 0600);
    }
    // The newest lines are in the current file.
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find(filler + " 199") != std::string::npos);
    fs::remove_all(dir);
}
