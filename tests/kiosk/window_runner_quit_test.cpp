// Tests for kiosk/window_runner and kiosk/out_of_service: a kiosk window ends only on its stop signal.
#include <SDL.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <thread>

#include "app_fixture.h"
#include "kiosk/out_of_service.h"
#include "kiosk/stop_request.h"
#include "kiosk/window_runner.h"

using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace {

// Runs the window loop on this thread while `script` runs on another with the loop's stop request and a flag
// that says the loop has returned; returns runWindowed's exit code.
int runWindowWith(App& app, UiOptions options,
                  const std::function<void(StopRequest& stop, const std::atomic<bool>& returned)>& script) {
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    StopRequest stop;
    std::atomic<bool> returned{false};
    options.stop = &stop;
    options.offscreenWindow = true;
    std::thread driver([&] { script(stop, returned); });
#if defined(__SANITIZE_ADDRESS__)
    // SDL's off-screen window loads Mesa's EGL, which keeps its allocations after it is unloaded: not ours.
    __lsan::ScopedDisabler eglIsNotOurs;
#endif
    const int rc = runWindowed(app, {}, options);
    returned = true;
    driver.join();
    return rc;
}

bool waitForVideo() {
    for (int i = 0; i < 1000 && SDL_WasInit(SDL_INIT_VIDEO) == 0; ++i) std::this_thread::sleep_for(5ms);
    return SDL_WasInit(SDL_INIT_VIDEO) != 0;
}

// Pushes an SDL_QUIT (what Alt+F4 or a window manager's close becomes) and waits until the loop took it.
void pushQuit() {
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    SDL_PushEvent(&quit);
    for (int i = 0; i < 400; ++i) {
        SDL_PumpEvents();
        if (SDL_PeepEvents(nullptr, 0, SDL_PEEKEVENT, SDL_QUIT, SDL_QUIT) == 0)
            break;
        std::this_thread::sleep_for(5ms);
    }
}

}  // namespace

TEST_CASE("a kiosk ignores SDL_QUIT from the keyboard and ends only on its stop signal", "[ui][kiosk]") {
    AppFixture f;
    std::atomic<bool> quitsTaken{false};
    std::atomic<bool> endedBeforeStop{false};
    std::atomic<bool> endedOnRequest{false};
    const int rc =
        runWindowWith(*f.app, UiOptions{}, [&](StopRequest& stop, const std::atomic<bool>& returned) {
            if (!waitForVideo()) {
                stop.request();
                return;
            }
            for (int i = 0; i < 3; ++i) pushQuit();
            quitsTaken = true;
            std::this_thread::sleep_for(200ms);  // turns of the loop after the quits
            endedBeforeStop = returned.load();
            stop.request();
            // Idle on Home the loop sleeps until the next minute: only the request's wake ends it sooner.
            for (int i = 0; i < 1000 && !returned; ++i) std::this_thread::sleep_for(5ms);
            endedOnRequest = returned.load();
        });
    REQUIRE(rc != 3);  // a window could be opened on the offscreen driver
    CHECK(quitsTaken);
    CHECK_FALSE(endedBeforeStop);
    CHECK(endedOnRequest);
    CHECK(rc == 0);
}

TEST_CASE("a desk run (--windowed-dev) closes on SDL_QUIT", "[ui][kiosk]") {
    AppFixture f;
    UiOptions o;
    o.allowWindowClose = true;
    std::atomic<bool> closedByQuit{false};
    const int rc = runWindowWith(*f.app, o, [&](StopRequest& stop, const std::atomic<bool>& returned) {
        if (waitForVideo()) {
            pushQuit();
            for (int i = 0; i < 1000 && !returned; ++i) std::this_thread::sleep_for(5ms);
            closedByQuit = returned.load();
        }
        stop.request();
    });
    REQUIRE(rc != 3);
    CHECK(rc == 0);
    CHECK(closedByQuit);
}

TEST_CASE("a kiosk that cannot start shows it is out of service until it is stopped", "[ui][kiosk]") {
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    StopRequest stop;
    std::atomic<bool> returned{false};
    std::atomic<bool> endedBeforeStop{false};
    std::atomic<bool> endedOnRequest{false};
    UiOptions options;
    options.stop = &stop;
    options.offscreenWindow = true;
    std::thread driver([&] {
        if (waitForVideo())
            std::this_thread::sleep_for(300ms);  // the screen is up and waiting
        endedBeforeStop = returned.load();
        stop.request();
        // The screen sleeps until its clock's next minute: only the request's wake ends it sooner.
        for (int i = 0; i < 1000 && !returned; ++i) std::this_thread::sleep_for(5ms);
        endedOnRequest = returned.load();
    });
#if defined(__SANITIZE_ADDRESS__)
    __lsan::ScopedDisabler eglIsNotOurs;
#endif
    const int rc = runOutOfService(options, "opening the kiosk database: file is not a database");
    returned = true;
    driver.join();
    REQUIRE(rc != 3);  // a window could be opened on the offscreen driver
    CHECK(rc == 1);    // the kiosk did not run: a supervisor sees a failure once it is stopped
    CHECK_FALSE(endedBeforeStop);
    CHECK(endedOnRequest);
}
