// A display with a screen: an SDL window (or full screen) showing the 1080x1920 frame scaled to fit, and the
// mouse, touch and keyboard input translated into frame pixels.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "screens/font_set.h"
#include "screens/painter.h"
#include "screens/theme.h"
#include "screens/widget.h"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Surface;

namespace yimen::screens {

struct WindowOptions {
    bool fullscreen = false;
    std::string title = "Yimen";
    // Accept SDL's offscreen driver (a window no one sees): for tests of the window loop on a machine
    // without a display. Otherwise that driver counts as no display.
    bool allowOffscreen = false;
};

struct InputEvent {
    enum class Kind {
        quit,     // the window was closed
        press,    // finger or mouse button down at `at`
        move,     // finger, or the mouse with its button down, moved to `at`
        release,  // finger or mouse button up at `at`
        text,     // typed text (UTF-8) in `text`
        backspace,
        insertCard,   // demo keys: F1
        removeCard,   // F2
        scanReceipt,  // F3
        exposed       // the window must be drawn again (shown, resized, uncovered)
    };
    Kind kind = Kind::quit;
    Point at;  // frame pixels
    std::string text;
    std::int64_t pointer = -1;  // press, move, release: which finger (SDL's finger id); -1 the mouse
};

// Owns the SDL video subsystem, the window and its renderer. Borrows the fonts and the theme. The UI thread
// (the thread that called open()).
class WindowDisplay {
public:
    // Errors: unavailable when there is no display to open a window on.
    [[nodiscard]] static Expected<std::unique_ptr<WindowDisplay>> open(const Theme& theme, FontSet& fonts,
                                                                       const WindowOptions& options);
    ~WindowDisplay();
    WindowDisplay(const WindowDisplay&) = delete;
    WindowDisplay& operator=(const WindowDisplay&) = delete;

    // Waits up to `timeoutMs` (negative: without a limit) for input or a wake(), then returns all the input
    // that is pending (none after a wake or the timeout). Demo keys are reported only when `demoKeys` is set.
    std::vector<InputEvent> wait(int timeoutMs, bool demoKeys);
    // Makes the current or the next wait() return. Any thread; never blocks; may be called after the display
    // is gone (it then does nothing).
    std::function<void()> waker() const;
    // Draws the frame and shows it.
    void draw(const Frame& frame, std::string_view pressedId = {});
    // Starts or stops the platform's text input (and its input method) for typing into a field.
    void setTextInput(bool on);
    Painter& painter() { return *painter_; }
    std::string rendererName() const;

private:
    WindowDisplay() = default;
    Point toFrame(int windowX, int windowY) const;
    Rect letterbox() const;  // where the frame goes in the window (surface mode)

    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    // Without an accelerated renderer the frame is drawn at full size into `frame_` by a software renderer
    // (its fast path) and scaled into the window surface once per frame.
    SDL_Surface* frame_ = nullptr;
    int frameW_ = 0;
    int frameH_ = 0;
    std::unique_ptr<Painter> painter_;
    bool textInput_ = false;
    std::uint32_t wakeEvent_ = 0;  // SDL's user event type that wakes wait()
    // Set while a wake event is queued: many wakes between two waits queue one event.
    std::shared_ptr<std::atomic<bool>> wakePending_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace yimen::screens
