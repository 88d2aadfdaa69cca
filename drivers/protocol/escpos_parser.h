// The ESC/POS parser: turns a printer byte stream back into the operations a printer would carry out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::protocol {

// The character modes in force when a text run arrived.
struct TextStyle {
    int widthScale = 1;   // GS ! / ESC !
    int heightScale = 1;  // GS ! / ESC !
    bool bold = false;    // ESC E / ESC !
    Align align = Align::left;
    bool chineseMode = true;  // FS & / FS .: multi-byte GB18030 (24-dot cells) or single-byte PC437 (12-dot)

    friend bool operator==(const TextStyle&, const TextStyle&) = default;
};

enum class QrModel { model1, model2, micro };

// ESC @: the line buffer is discarded, character modes, line spacing and the stored QR data reset.
// Chinese mode is kept: a GB18030 printer starts in it and ESC @ does not leave it.
struct Initialize {
    friend bool operator==(const Initialize&, const Initialize&) = default;
};
// Printable characters, decoded to UTF-8 (GB18030 in Chinese mode, PC437 otherwise).
struct TextRun {
    std::string utf8;
    TextStyle style;
    friend bool operator==(const TextRun&, const TextRun&) = default;
};
// LF: print the line buffer and feed one line.
struct LineFeed {
    friend bool operator==(const LineFeed&, const LineFeed&) = default;
};
// ESC d n: print the line buffer and feed n lines.
struct FeedLines {
    int lines = 0;
    friend bool operator==(const FeedLines&, const FeedLines&) = default;
};
// ESC J n: print the line buffer and feed n dots.
struct FeedDots {
    int dots = 0;
    friend bool operator==(const FeedDots&, const FeedDots&) = default;
};
// ESC 2 (default, 30 dots) / ESC 3 n.
struct LineSpacing {
    int dots = kDefaultLineSpacing;
    friend bool operator==(const LineSpacing&, const LineSpacing&) = default;
};
// GS ( k fn 180: the bytes stored for the next QR print. Shared with the QrPrint ops that print them, so a
// stream of repeated prints costs no more memory than the stream itself.
struct QrStore {
    std::shared_ptr<const std::string> data;
    friend bool operator==(const QrStore& a, const QrStore& b) { return *a.data == *b.data; }
};
// GS ( k fn 181: print the stored symbol with the QR settings in force.
struct QrPrint {
    std::shared_ptr<const std::string> data;
    QrModel model = QrModel::model2;
    int moduleSize = 3;
    QrEcc ecc = QrEcc::L;
    Align align = Align::left;
    friend bool operator==(const QrPrint& a, const QrPrint& b) {
        return *a.data == *b.data && a.model == b.model && a.moduleSize == b.moduleSize && a.ecc == b.ecc &&
               a.align == b.align;
    }
};
// GS v 0: a raster image, bitmap.width = 8 x (bytes per row); scale 2 for the double-width/height modes.
struct RasterImage {
    MonoBitmap bitmap;
    int scaleX = 1;
    int scaleY = 1;
    Align align = Align::left;
    friend bool operator==(const RasterImage&, const RasterImage&) = default;
};
// GS V / ESC i / ESC m. With feedFirst the printer first feeds the last line past the cutter, then feedDots
// more.
struct Cut {
    CutMode mode = CutMode::full;
    bool feedFirst = false;
    int feedDots = 0;
    friend bool operator==(const Cut&, const Cut&) = default;
};
// A mode command (character size, bold, alignment, QR settings, Chinese mode): it prints nothing; its
// effect shows in the style and settings of the operations after it. `command` names it, e.g. "GS !".
struct ModeSet {
    std::string command;
    friend bool operator==(const ModeSet&, const ModeSet&) = default;
};
// A well-formed command this model does not render (drawer kick, barcodes, page mode, ...), or one whose
// parameter is out of range (a printer ignores those). `command` names it, e.g. "ESC t" or "GS ! 0x88".
struct Ignored {
    std::string command;
    friend bool operator==(const Ignored&, const Ignored&) = default;
};

using Command = std::variant<Initialize, TextRun, LineFeed, FeedLines, FeedDots, LineSpacing, QrStore,
                             QrPrint, RasterImage, Cut, ModeSet, Ignored>;

// One operation and the bytes it came from: job[offset, offset + length).
struct Operation {
    std::size_t offset = 0;
    std::size_t length = 0;
    Command command;
    friend bool operator==(const Operation&, const Operation&) = default;
};

constexpr std::size_t kMaxEscPosJobBytes = 16u << 20;

// Parses a whole job. The printer starts in its power-on state: Chinese mode on, size 1x1, left, bold off.
// Text bytes (0x20..0xFF except 0x7F) run until the next control byte; a multi-byte character cannot contain
// one. Known commands that are not rendered are skipped by their known lengths and reported as Ignored.
// Errors: invalidInput, with the byte offset, for a truncated command, an unknown ESC/GS/FS/DLE command (its
// length cannot be known), text that is not valid GB18030, or a job over kMaxEscPosJobBytes. Never reads
// outside `job`; runs in time and memory linear in its size. Pure; any thread.
[[nodiscard]] Expected<std::vector<Operation>> parseEscPos(std::span<const std::uint8_t> job);

}  // namespace yimen::drivers::protocol
