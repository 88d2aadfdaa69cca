// The simulated print mechanism: carries out parsed ESC/POS operations on paper, line by line, up to each
// cut.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/glyphs/glyph_rasterizer.h"
#include "drivers/protocol/escpos_parser.h"
#include "drivers/sim/paper_canvas.h"

namespace yimen::drivers::sim {

using glyphs::GlyphRasterizer;

// Lays operations out as a standard-mode thermal printer does:
// - text collects in a line buffer in 12x24 (ASCII, and every character outside Chinese mode) or 24x24 (CJK)
//   cells scaled by GS !, bold as a double strike one dot to the right; a character that does not fit starts
//   a new line; LF, ESC d, ESC J, a QR print, a raster image and a cut print the buffer, aligned by the
//   alignment in force at its first character, bottom-aligned, then feed max(line spacing, tallest cell);
// - a QR symbol is drawn with module-size dots inside a blank 4-module quiet zone, aligned like text;
// - a raster image is drawn as given, dots past the paper width dropped;
// - a cut feeds its extra dots, draws a dashed cut line and ends the receipt.
// Borrows `glyphs` for its lifetime. Not thread-safe: one owner (the printer, under its lock).
class ThermalPrintHead {
public:
    static constexpr int kQuietZoneModules = 4;
    static constexpr int kCutLineDots = 2;
    // Longest receipt between two cuts (2 m of paper at 8 dots/mm), and most paper one job may use (4 m): so
    // a job that feeds or cuts without end is refused instead of exhausting memory.
    static constexpr int kMaxReceiptDots = 16000;
    static constexpr int kMaxJobDots = 32000;

    ThermalPrintHead(int widthDots, GlyphRasterizer& glyphs);

    // Starts counting the paper of a new job against kMaxJobDots.
    void beginJob() { jobDots_ = 0; }

    // Carries out one operation. Errors: invalidInput when the operation cannot be printed (a QR model or
    // data the printer cannot encode, a symbol wider than the paper, a receipt longer than kMaxReceiptDots).
    [[nodiscard]] Status execute(const protocol::Operation& op);

    // Receipts cut off so far, oldest first; the caller takes them.
    std::vector<PaperCanvas> takeCutReceipts();
    // Drops everything printed since the last cut (the paper ran out mid-receipt) and the line buffer.
    void discardUncut();
    // True when something has been printed since the last cut.
    bool hasUncut() const { return !paper_.empty() || !line_.empty(); }

private:
    struct PlacedGlyph {
        protocol::MonoBitmap cell;
    };

    Status addText(const protocol::TextRun& run);
    Status flushLine();
    Status printLineThenFeed(int feedDots);
    Status feed(int dots);
    Status printQr(const protocol::QrPrint& qr);
    Status printRaster(const protocol::RasterImage& image);
    Status cut(const protocol::Cut& cut);
    int alignedX(protocol::Align align, int blockWidth) const;

    int width_;
    GlyphRasterizer& glyphs_;
    PaperCanvas paper_;
    int y_ = 0;  // top of the next print line, in dots from the top of the receipt
    int lineSpacing_ = protocol::kDefaultLineSpacing;
    std::vector<PlacedGlyph> line_;
    int lineWidth_ = 0;
    int lineHeight_ = 0;
    protocol::Align lineAlign_ = protocol::Align::left;
    std::vector<PaperCanvas> cutReceipts_;
    int jobDots_ = 0;
    // The last symbol encoded: a receipt printed again, or a job repeating one print, is not re-encoded.
    std::shared_ptr<const std::string> lastQrData_;
    protocol::QrEcc lastQrEcc_ = protocol::QrEcc::L;
    protocol::MonoBitmap lastQrModules_;
};

}  // namespace yimen::drivers::sim
