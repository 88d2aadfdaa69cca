// FontGlyphSource: forwards to the simulated printer's glyph rasteriser.
#include "drivers/printer/font_glyph_source.h"

#include "drivers/glyphs/glyph_rasterizer.h"

namespace yimen::drivers::printer {

Expected<std::unique_ptr<FontGlyphSource>> FontGlyphSource::open() {
    auto rasterizer = glyphs::GlyphRasterizer::open();
    if (!rasterizer) {
        return Error(rasterizer.error()).withContext("opening the font for raster printing");
    }
    return std::unique_ptr<FontGlyphSource>(new FontGlyphSource(std::move(*rasterizer)));
}

FontGlyphSource::FontGlyphSource(std::unique_ptr<glyphs::GlyphRasterizer> rasterizer)
    : rasterizer_(std::move(rasterizer)) {}

FontGlyphSource::~FontGlyphSource() = default;

protocol::MonoBitmap FontGlyphSource::glyph(char32_t codePoint, int baseCellWidth, int widthScale,
                                            int heightScale) {
    return rasterizer_->glyph(codePoint, baseCellWidth, widthScale, heightScale);
}

}  // namespace yimen::drivers::printer
