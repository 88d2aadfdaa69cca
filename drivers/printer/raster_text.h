// Raster text: rewrites an ESC/POS job so that Chinese text prints as GS v 0 images on printers without a CJK
// font.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/error.h"
#include "drivers/printer/glyph_source.h"
#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::printer {

// The most bytes a rewritten job may grow to (text becomes about 1.7 kB of raster per line).
constexpr std::size_t kMaxRasterJobBytes = 64u << 20;

// Rewrites `job` for a printer that has no Chinese font. The job is cut into print lines the way the printer
// would (text up to LF, ESC d, ESC J, a QR print, a raster image or a cut, wrapped when a character does not
// fit the paper). A line with a character outside ASCII in Chinese mode is drawn with `glyphs` into one image
// the width of the paper (12x24 or 24x24 cells scaled by GS !, bold as a double strike, aligned by ESC a,
// cells bottom-aligned) and sent as GS v 0, followed by ESC J for the rest of the line feed, so the paper
// advances as the printer would have advanced it for text. Every other byte of the job passes through
// unchanged, and all-ASCII lines stay text. Errors: invalidInput when the job does not parse (parseEscPos) or
// would grow past kMaxRasterJobBytes. Pure apart from `glyphs`; the thread that owns `glyphs`.
[[nodiscard]] Expected<std::vector<std::uint8_t>> rasteriseChineseText(std::span<const std::uint8_t> job,
                                                                       protocol::PaperWidth paper,
                                                                       GlyphSource& glyphs);

}  // namespace yimen::drivers::printer
