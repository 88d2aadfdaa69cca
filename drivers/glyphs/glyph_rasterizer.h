// Character glyphs as a thermal printer's resident font prints them: TrueType CJK fonts rendered into the
// printer's character cells. Used by the real printer's raster mode and by the simulated print head.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::glyphs {

// Renders characters the way a thermal printer's resident font prints them: each character fills a fixed cell
// (12x24 dots for ASCII, 24x24 for CJK at size 1), scaled by the GS ! multipliers, dots on or off.
// Thread-safe: all font work goes through one process-wide lock, because FreeType state in SDL_ttf is shared.
class GlyphRasterizer {
public:
    struct FontFace {
        std::string path;
        int index = 0;  // face index inside a .ttc collection
    };

    // Noto Sans CJK SC (face 2 of NotoSansCJK-Regular.ttc), then WenQuanYi Micro Hei.
    static std::vector<FontFace> defaultFaces();

    // Opens every face that exists; the first is the main face, the others supply characters it lacks.
    // Errors: notFound when no face can be opened (install fonts-noto-cjk or fonts-wqy-microhei).
    [[nodiscard]] static Expected<std::unique_ptr<GlyphRasterizer>> open(
        const std::vector<FontFace>& faces = defaultFaces());

    ~GlyphRasterizer();
    GlyphRasterizer(const GlyphRasterizer&) = delete;
    GlyphRasterizer& operator=(const GlyphRasterizer&) = delete;

    // The glyph of `codePoint` in a cell of (baseCellWidth x widthScale) by (kCellHeight x heightScale) dots.
    // A character no face has prints as an empty box, as printers print their "missing" glyph.
    protocol::MonoBitmap glyph(char32_t codePoint, int baseCellWidth, int widthScale, int heightScale);

    // The family name of the main face, e.g. "Noto Sans CJK SC".
    std::string mainFamily() const;

    struct Impl;

private:
    explicit GlyphRasterizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace yimen::drivers::glyphs
