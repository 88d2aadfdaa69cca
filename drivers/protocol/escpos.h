// The ESC/POS encoder: builds the exact bytes of one receipt job for a GB18030 thermal printer.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::protocol {

// A builder: each call appends the bytes of one command, e.g.
//   EscPosWriter w;
//   w.init().align(Align::center).size(2, 2).bold(true).line("受理回执")
//    .size(1, 1).bold(false).align(Align::left).separator()
//    .qrCode("YM-20240601-0001", 6, QrEcc::M).feed(3).cut();
//   Expected<std::vector<std::uint8_t>> job = w.bytes();
//
// Bad input (invalid UTF-8, a control character in text, an out-of-range size, a QR code too long, an image
// wider than the paper) is never dropped silently: the first such error is recorded, later calls append
// nothing, and bytes()/finish() return the error (invalidInput, naming the call, never echoing the text).
// Personal data passes through text(); error messages never contain it. Not thread-safe: one writer per job,
// on one thread.
class EscPosWriter {
public:
    explicit EscPosWriter(PaperWidth paper = PaperWidth::mm80);

    PaperWidth paper() const { return paper_; }
    int widthScale() const { return widthScale_; }
    int heightScale() const { return heightScale_; }
    // Text columns on one line at the current character width (48 on 80 mm, 32 on 58 mm at size 1).
    int columns() const { return lineColumns(paper_, widthScale_); }

    // ESC @ (1B 40) then FS & (1C 26): resets the printer (size 1x1, bold off, left aligned) and turns on
    // Chinese mode so text is read as GB18030.
    EscPosWriter& init();
    // Text in GB18030; '\n' becomes LF (0A). Other control characters (C0, DEL, C1) are refused: a citizen's
    // answer must never be able to inject printer commands.
    EscPosWriter& text(std::string_view utf8);
    // text(utf8) then newline().
    EscPosWriter& line(std::string_view utf8);
    // `utf8` wrapped to columns() at the current width (see wrapText), each line ended by LF.
    EscPosWriter& paragraph(std::string_view utf8);
    // LF (0A): prints the line buffer and feeds one line.
    EscPosWriter& newline();
    // ESC d n (1B 64 n): prints the line buffer and feeds n lines, 0..255.
    EscPosWriter& feed(int lines);
    // ESC E n (1B 45 01 / 1B 45 00).
    EscPosWriter& bold(bool on);
    // ESC a n (1B 61 00/01/02). The printer honours it only at the start of a line.
    EscPosWriter& align(Align alignment);
    // GS ! n (1D 21 n): character width and height multipliers, 1..8 each.
    EscPosWriter& size(int width, int height);
    // A full line of `ch` (columns() of them, so it spans the paper at the current width), then LF.
    EscPosWriter& separator(char ch = '-');
    // A native QR code (model 2) of `data` as bytes: GS ( k fn 165 model 2, fn 167 module size (1..16 dots),
    // fn 169 error level, fn 180 store, fn 181 print. The host leaves the quiet zone: start it on a new line.
    EscPosWriter& qrCode(std::string_view data, int moduleSize = 6, QrEcc ecc = QrEcc::M);
    // A 1-bit image as GS v 0 (1D 76 30 00 xL xH yL yH d...), in bands of at most kRasterBandRows rows so
    // that printers with small buffers and a yH limit accept it. At most the paper's width.
    EscPosWriter& image(const MonoBitmap& bitmap);
    // GS V 65 n (1D 56 41 n) for a full cut, GS V 66 n (1D 56 42 n) for a partial cut: the printer feeds the
    // last printed line past the cutter, then `feedDots` more dots (0..255), then cuts. Full is the kiosk
    // default: the receipt drops free, nobody has to tear it off.
    EscPosWriter& cut(CutMode mode = CutMode::full, int feedDots = 0);

    // True while no error has been recorded.
    bool ok() const { return !error_.has_value(); }
    // The job so far, or the first error.
    [[nodiscard]] Expected<std::vector<std::uint8_t>> bytes() const;
    // Like bytes(), but moves the bytes out and leaves the writer empty, without an error, for a new job.
    [[nodiscard]] Expected<std::vector<std::uint8_t>> finish();

    static constexpr int kRasterBandRows = 256;

private:
    bool beginCommand();
    void recordError(const char* command, const std::string& message);
    void put(std::initializer_list<std::uint8_t> bytes);
    void appendText(std::string_view utf8, const char* command);

    PaperWidth paper_;
    std::vector<std::uint8_t> out_;
    std::optional<Error> error_;
    int commandNumber_ = 0;
    int widthScale_ = 1;
    int heightScale_ = 1;
};

}  // namespace yimen::drivers::protocol
