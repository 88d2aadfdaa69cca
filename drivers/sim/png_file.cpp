// savePng: PaperCanvas -> 8-bit two-colour SDL surface -> IMG_SavePNG.
#include "drivers/sim/png_file.h"

#include <SDL.h>
#include <SDL_image.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace yimen::drivers::sim {

Status savePng(const PaperCanvas& paper, const std::filesystem::path& path) {
    // A receipt that is only a cut line still gets one row, so the file is a valid image.
    const int height = std::max(paper.height(), 1);
    std::unique_ptr<SDL_Surface, decltype(&SDL_FreeSurface)> surface(
        SDL_CreateRGBSurfaceWithFormat(0, paper.width(), height, 8, SDL_PIXELFORMAT_INDEX8),
        &SDL_FreeSurface);
    if (!surface) {
        return fail(ErrorCode::io, std::string("cannot create the receipt image: ") + SDL_GetError());
    }
    const SDL_Color colours[2] = {{255, 255, 255, 255}, {0, 0, 0, 255}};
    if (SDL_SetPaletteColors(surface->format->palette, colours, 0, 2) != 0) {
        return fail(ErrorCode::io, std::string("cannot set the receipt palette: ") + SDL_GetError());
    }
    auto* pixels = static_cast<Uint8*>(surface->pixels);
    std::memset(pixels, 0, static_cast<std::size_t>(surface->pitch) * static_cast<std::size_t>(height));
    const auto& dots = paper.dots();
    for (int y = 0; y < paper.height(); ++y) {
        std::memcpy(pixels + static_cast<std::ptrdiff_t>(y) * surface->pitch,
                    dots.data() + static_cast<std::ptrdiff_t>(y) * paper.width(),
                    static_cast<std::size_t>(paper.width()));
    }
    if (IMG_SavePNG(surface.get(), path.c_str()) != 0) {
        return fail(ErrorCode::io, "cannot write " + path.string() + ": " + IMG_GetError());
    }
    return {};
}

}  // namespace yimen::drivers::sim
