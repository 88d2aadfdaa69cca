// A display with no screen: a software renderer drawing into an in-memory ARGB surface, saved as PNG.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "screens/font_set.h"
#include "screens/painter.h"
#include "screens/theme.h"
#include "screens/widget.h"

struct SDL_Surface;
struct SDL_Renderer;

namespace yimen::screens {

// Needs no SDL_Init and no video driver. Borrows the fonts and the theme for its lifetime. The UI thread.
class HeadlessDisplay {
public:
    // Errors: io when the surface or the software renderer cannot be created.
    [[nodiscard]] static Expected<std::unique_ptr<HeadlessDisplay>> create(const Theme& theme,
                                                                           FontSet& fonts);
    ~HeadlessDisplay();
    HeadlessDisplay(const HeadlessDisplay&) = delete;
    HeadlessDisplay& operator=(const HeadlessDisplay&) = delete;

    // Draws the frame into the surface (complete when this returns).
    void draw(const Frame& frame, std::string_view pressedId = {});
    // Writes the surface as it is now. Errors: io (with the path).
    [[nodiscard]] Status savePng(const std::string& path) const;
    // How many different colours the surface holds (a blank one holds one).
    std::size_t distinctColours() const;
    Painter& painter() { return *painter_; }
    SDL_Surface* surface() const { return surface_; }

private:
    HeadlessDisplay() = default;
    SDL_Surface* surface_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    std::unique_ptr<Painter> painter_;
};

}  // namespace yimen::screens
