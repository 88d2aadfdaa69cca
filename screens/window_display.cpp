// WindowDisplay: an SDL window with a logical-size renderer (or a scaled off-screen frame); mouse and finger
// input.
#include "screens/window_display.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace yimen::screens {

Expected<std::unique_ptr<WindowDisplay>> WindowDisplay::open(const Theme& theme, FontSet& fonts,
                                                             const WindowOptions& options) {
    // A touch must not also arrive as a mouse click.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return fail(ErrorCode::unavailable, std::string("no display: ") + SDL_GetError());
    const char* driver = SDL_GetCurrentVideoDriver();
    if (!driver || (std::string(driver) == "offscreen" && !options.allowOffscreen) ||
        std::string(driver) == "dummy") {
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        return fail(ErrorCode::unavailable,
                    std::string("no display (video driver ") + (driver ? driver : "none") + ")");
    }
    std::unique_ptr<WindowDisplay> d(new WindowDisplay());
    int w = theme.width;
    int h = theme.height;
    SDL_DisplayMode desktop;
    if (!options.fullscreen && SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
        const double scale = std::min({1.0, 0.9 * desktop.w / theme.width, 0.9 * desktop.h / theme.height});
        w = static_cast<int>(std::lround(theme.width * scale));
        h = static_cast<int>(std::lround(theme.height * scale));
    }
    const Uint32 flags = static_cast<Uint32>(SDL_WINDOW_RESIZABLE) |
                         (options.fullscreen ? static_cast<Uint32>(SDL_WINDOW_FULLSCREEN_DESKTOP) : 0u);
    d->window_ =
        SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!d->window_) {
        const std::string why = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        return fail(ErrorCode::unavailable, "opening the window: " + why);
    }
    d->frameW_ = theme.width;
    d->frameH_ = theme.height;
    d->renderer_ = SDL_CreateRenderer(d->window_, -1, SDL_RENDERER_ACCELERATED);
    SDL_RendererInfo info;
    if (d->renderer_ && SDL_GetRendererInfo(d->renderer_, &info) == 0 &&
        (info.flags & SDL_RENDERER_SOFTWARE)) {
        // A software renderer asked for by SDL_RENDER_DRIVER: the surface mode below does the same, faster.
        SDL_DestroyRenderer(d->renderer_);
        d->renderer_ = nullptr;
    }
    if (d->renderer_) {
        SDL_RenderSetLogicalSize(d->renderer_, theme.width, theme.height);
    } else {
        d->frame_ =
            SDL_CreateRGBSurfaceWithFormat(0, theme.width, theme.height, 32, SDL_PIXELFORMAT_ARGB8888);
        d->renderer_ = d->frame_ ? SDL_CreateSoftwareRenderer(d->frame_) : nullptr;
    }
    if (!d->renderer_) {
        const std::string why = SDL_GetError();
        d.reset();
        return fail(ErrorCode::unavailable, "creating a renderer: " + why);
    }
    SDL_StopTextInput();
    d->wakeEvent_ = SDL_RegisterEvents(1);
    if (d->wakeEvent_ == static_cast<std::uint32_t>(-1)) {
        d.reset();
        return fail(ErrorCode::unavailable, "no SDL user event left for waking the window loop");
    }
    d->painter_ = std::make_unique<Painter>(d->renderer_, fonts, theme);
    return d;
}

WindowDisplay::~WindowDisplay() {
    painter_.reset();
    if (renderer_)
        SDL_DestroyRenderer(renderer_);
    if (frame_)
        SDL_FreeSurface(frame_);
    if (window_) {
        SDL_DestroyWindow(window_);
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
    }
}

std::string WindowDisplay::rendererName() const {
    if (frame_)
        return "software, scaled into the window";
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(renderer_, &info) != 0)
        return "unknown";
    return info.name;
}

Rect WindowDisplay::letterbox() const {
    int ww = 0;
    int wh = 0;
    SDL_GetWindowSize(window_, &ww, &wh);
    const double scale = std::min(static_cast<double>(ww) / frameW_, static_cast<double>(wh) / frameH_);
    const int w = static_cast<int>(frameW_ * scale);
    const int h = static_cast<int>(frameH_ * scale);
    return {(ww - w) / 2, (wh - h) / 2, w, h};
}

Point WindowDisplay::toFrame(int windowX, int windowY) const {
    if (!frame_) {
        float lx = 0;
        float ly = 0;
        SDL_RenderWindowToLogical(renderer_, windowX, windowY, &lx, &ly);
        return {static_cast<int>(lx), static_cast<int>(ly)};
    }
    const Rect box = letterbox();
    if (box.w <= 0 || box.h <= 0)
        return {-1, -1};
    return {(windowX - box.x) * frameW_ / box.w, (windowY - box.y) * frameH_ / box.h};
}

void WindowDisplay::setTextInput(bool on) {
    if (on == textInput_)
        return;
    textInput_ = on;
    if (on)
        SDL_StartTextInput();
    else
        SDL_StopTextInput();
}

std::function<void()> WindowDisplay::waker() const {
    return [type = wakeEvent_, pending = wakePending_] {
        if (pending->exchange(true))
            return;
        SDL_Event e{};
        e.type = type;
        if (SDL_PushEvent(&e) != 1)
            pending->store(false);
    };
}

std::vector<InputEvent> WindowDisplay::wait(int timeoutMs, bool demoKeys) {
    std::vector<InputEvent> out;
    auto fingerAt = [&](float nx, float ny) {
        int ww = 0;
        int wh = 0;
        SDL_GetWindowSize(window_, &ww, &wh);
        return toFrame(static_cast<int>(nx * ww), static_cast<int>(ny * wh));
    };
    SDL_Event e;
    bool have = (timeoutMs < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, timeoutMs)) != 0;
    while (have) {
        if (e.type == wakeEvent_)
            wakePending_->store(false);
        switch (e.type) {
        case SDL_QUIT: out.push_back({InputEvent::Kind::quit, {}, {}}); break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (e.button.which != SDL_TOUCH_MOUSEID && e.button.button == SDL_BUTTON_LEFT)
                out.push_back(
                    {e.type == SDL_MOUSEBUTTONDOWN ? InputEvent::Kind::press : InputEvent::Kind::release,
                     {e.button.x, e.button.y},
                     {}});
            break;
        case SDL_MOUSEMOTION:
            if (e.motion.which != SDL_TOUCH_MOUSEID && (e.motion.state & SDL_BUTTON_LMASK))
                out.push_back({InputEvent::Kind::move, {e.motion.x, e.motion.y}, {}});
            break;
        case SDL_FINGERMOTION:
            out.push_back(
                {InputEvent::Kind::move, fingerAt(e.tfinger.x, e.tfinger.y), {}, e.tfinger.fingerId});
            break;
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
            out.push_back({e.type == SDL_FINGERDOWN ? InputEvent::Kind::press : InputEvent::Kind::release,
                           fingerAt(e.tfinger.x, e.tfinger.y),
                           {},
                           e.tfinger.fingerId});
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
                e.window.event == SDL_WINDOWEVENT_SHOWN || e.window.event == SDL_WINDOWEVENT_RESTORED)
                out.push_back({InputEvent::Kind::exposed, {}, {}});
            break;
        case SDL_TEXTINPUT: out.push_back({InputEvent::Kind::text, {}, e.text.text}); break;
        case SDL_KEYDOWN:
            if (e.key.keysym.sym == SDLK_BACKSPACE)
                out.push_back({InputEvent::Kind::backspace, {}, {}});
            else if (demoKeys && e.key.keysym.sym == SDLK_F1)
                out.push_back({InputEvent::Kind::insertCard, {}, {}});
            else if (demoKeys && e.key.keysym.sym == SDLK_F2)
                out.push_back({InputEvent::Kind::removeCard, {}, {}});
            else if (demoKeys && e.key.keysym.sym == SDLK_F3)
                out.push_back({InputEvent::Kind::scanReceipt, {}, {}});
            break;
        default: break;
        }
        have = SDL_PollEvent(&e) != 0;
    }
    return out;
}

void WindowDisplay::draw(const Frame& frame, std::string_view pressedId) {
    painter_->draw(frame, pressedId);
    SDL_RenderPresent(renderer_);
    if (!frame_)
        return;
    SDL_Surface* window = SDL_GetWindowSurface(window_);
    if (!window)
        return;
    SDL_FillRect(window, nullptr, SDL_MapRGB(window->format, 0, 0, 0));
    const Rect box = letterbox();
    SDL_Rect dst{box.x, box.y, box.w, box.h};
    SDL_BlitScaled(frame_, nullptr, window, &dst);
    SDL_UpdateWindowSurface(window_);
}

}  // namespace yimen::screens
