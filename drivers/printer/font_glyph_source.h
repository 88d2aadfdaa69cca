// Glyphs for raster-mode printing from the TrueType CJK fonts, through the simulated printer's rasteriser.
#pragma once

#include <memory>

#include "common/error.h"
#include "drivers/printer/glyph_source.h"

namespace yimen::drivers::glyphs {
class GlyphRasterizer;
}

namespace yimen::drivers::printer {

// A GlyphSource over glyphs::GlyphRasterizer (SDL_ttf, Noto Sans CJK SC or WenQuanYi Micro Hei): the same
// glyphs the simulated printer prints, so a raster receipt looks like the simulated one.
class FontGlyphSource final : public GlyphSource {
public:
    // Errors: notFound when no CJK font is installed.
    [[nodiscard]] static Expected<std::unique_ptr<FontGlyphSource>> open();

    ~FontGlyphSource() override;
    FontGlyphSource(const FontGlyphSource&) = delete;
    FontGlyphSource& operator=(const FontGlyphSource&) = delete;

    protocol::MonoBitmap glyph(char32_t codePoint, int baseCellWidth, int widthScale,
                               int heightScale) override;

private:
    explicit FontGlyphSource(std::unique_ptr<glyphs::GlyphRasterizer> rasterizer);
    std::unique_ptr<glyphs::GlyphRasterizer> rasterizer_;
};

}  // namespace yimen::drivers::printer
