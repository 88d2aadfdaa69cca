// Where raster-mode printing gets its character glyphs: a small interface over a font rasteriser.
#pragma once

#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::printer {

// Renders one character the way a printer's resident font would: a bitmap of (baseCellWidth x widthScale) by
// (kCellHeight x heightScale) dots, ink black. A character the font lacks comes back as its "missing" glyph,
// never as an error. Called from the printer's thread only.
class GlyphSource {
public:
    virtual ~GlyphSource() = default;
    virtual protocol::MonoBitmap glyph(char32_t codePoint, int baseCellWidth, int widthScale,
                                       int heightScale) = 0;
};

}  // namespace yimen::drivers::printer
