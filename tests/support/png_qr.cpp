// SDL_image loads the PNG, ZXing reads its luminance: the only test helper that sees either header.
#include "tests/support/png_qr.h"

#include <SDL.h>
#include <SDL_image.h>
#include <ZXing/ReadBarcode.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace yimen::testing {

std::string decodeQrInPng(const std::filesystem::path& png) {
    SDL_Surface* loaded = IMG_Load(png.string().c_str());
    if (!loaded)
        return {};
    SDL_Surface* rgba = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ABGR8888, 0);
    SDL_FreeSurface(loaded);
    if (!rgba)
        return {};
    std::vector<std::uint8_t> luma(static_cast<std::size_t>(rgba->w * rgba->h));
    for (int y = 0; y < rgba->h; ++y)
        for (int x = 0; x < rgba->w; ++x) {
            const auto* px = static_cast<const std::uint8_t*>(rgba->pixels) + y * rgba->pitch + x * 4;
            luma[static_cast<std::size_t>(y * rgba->w + x)] =
                static_cast<std::uint8_t>((px[0] + px[1] + px[2]) / 3);
        }
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const auto result = ZXing::ReadBarcode({luma.data(), rgba->w, rgba->h, ZXing::ImageFormat::Lum}, hints);
    SDL_FreeSurface(rgba);
    return result.isValid() ? result.text() : std::string();
}

}  // namespace yimen::testing
