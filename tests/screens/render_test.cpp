// Headless rendering: every screen draws into the off-screen surface and saves as a PNG that is not blank.
#include <SDL.h>
#include <SDL_image.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "screens/headless_display.h"
#include "screens_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::screens;
using namespace yimen::screens::test;
using yimen::kiosk::test::Driver;
namespace fs = std::filesystem;

TEST_CASE("a headless render of each screen writes a PNG that is not blank", "[render]") {
    std::random_device rd;
    const fs::path dir = fs::temp_directory_path() / ("yimen-screens-" + std::to_string(rd()));
    fs::create_directories(dir);
    for (const Theme& theme : {portrait(), landscape()}) {
        Ui ui(theme, fonts());
        auto display = HeadlessDisplay::create(theme, fonts());
        REQUIRE(display);
        for (Screen s :
             {Screen::home, Screen::catalog, Screen::item, Screen::identify, Screen::form, Screen::review,
              Screen::submitting, Screen::receipt, Screen::rating, Screen::trackScan, Screen::trackEntry,
              Screen::trackWaiting, Screen::trackResult, Screen::rateLevel, Screen::rateReasons}) {
            Driver d;
            d.walkTo(s);
            if (s == Screen::receipt)
                d.send(ev::PrintFinished{true, ""});
            (*display)->draw(ui.update(d.state()));
            const fs::path png = dir / (std::string(theme.landscape() ? "l-" : "p-") + toString(s) + ".png");
            INFO(png.string());
            REQUIRE((*display)->savePng(png.string()));
            CHECK((*display)->distinctColours() > 20);
            SDL_Surface* loaded = IMG_Load(png.string().c_str());
            REQUIRE(loaded);
            CHECK(loaded->w == theme.width);
            CHECK(loaded->h == theme.height);
            SDL_FreeSurface(loaded);
        }
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
}

TEST_CASE("text is rasterised once and then drawn from the cache", "[render]") {
    Ui ui(portrait(), fonts());
    auto display = HeadlessDisplay::create(ui.theme(), fonts());
    REQUIRE(display);
    Driver d;
    (*display)->draw(ui.update(d.state()));
    const std::size_t first = (*display)->painter().textCache().renders();
    CHECK(first > 10);
    for (int i = 0; i < 5; ++i) (*display)->draw(ui.update(d.state()));
    CHECK((*display)->painter().textCache().renders() == first);
}

TEST_CASE("saving into a folder that does not exist is an error naming the file", "[render]") {
    Ui ui(portrait(), fonts());
    auto display = HeadlessDisplay::create(ui.theme(), fonts());
    REQUIRE(display);
    auto saved = (*display)->savePng("/nonexistent-folder/x.png");
    REQUIRE_FALSE(saved);
    CHECK(saved.error().code == ErrorCode::io);
    CHECK(saved.error().message.find("/nonexistent-folder/x.png") != std::string::npos);
}
