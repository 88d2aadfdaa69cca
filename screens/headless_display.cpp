// HeadlessDisplay: SDL_CreateSoftwareRenderer on an ARGB8888 surface, IMG_SavePNG.
#include "screens/headless_display.h"

#include <SDL.h>
#include <SDL_image.h>

#include <unordered_set>

namespace yimen::screens {

Expected<std::unique_ptr<HeadlessDisplay>> HeadlessDisplay::create(const Theme& theme, FontSet& fonts) {
    std::unique_ptr<HeadlessDisplay> d(new HeadlessDisplay());
    d->surface_ = SDL_CreateRGBSurfaceWithFormat(0, theme.width, theme.height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!d->surface_)
        return fail(ErrorCode::io, std::string("creating the off-screen surface: ") + SDL_GetError());
    d->renderer_ = SDL_CreateSoftwareRenderer(d->surface_);
    if (!d->renderer_)
        return fail(ErrorCode::io, std::string("creating the software renderer: ") + SDL_GetError());
    d->painter_ = std::make_unique<Painter>(d->renderer_, fonts, theme);
    return d;
}

HeadlessDisplay::~HeadlessDisplay() {
    painter_.reset();  // its textures belong to the renderer
    if (renderer_)
        SDL_DestroyRenderer(renderer_);
    if (surface_)
        SDL_FreeSurface(surface_);
}

void HeadlessDisplay::draw(const Frame& frame, std::string_view pressedId) {
    painter_->draw(frame, pressedId);
    SDL_RenderPresent(renderer_);
}

Status HeadlessDisplay::savePng(const std::string& path) const {
    if (IMG_SavePNG(surface_, path.c_str()) != 0)
        return fail(ErrorCode::io, "writing " + path + ": " + IMG_GetError());
    return {};
}

std::size_t HeadlessDisplay::distinctColours() const {
    std::unordered_set<Uint32> colours;
    for (int y = 0; y < surface_->h; y += 2) {
        const auto* row = reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(surface_->pixels) +
                                                          y * surface_->pitch);
        for (int x = 0; x < surface_->w; x += 2) colours.insert(row[x]);
    }
    return colours.size();
}

}  // namespace yimen::screens
