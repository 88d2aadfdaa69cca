// Vocabulary shared by the ESC/POS writer, the parser and the simulated printer: paper, cells, QR, bitmaps.
#pragma once

#include <cstdint>
#include <vector>

namespace yimen::drivers::protocol {

// Printable width in dots at 203 dpi (8 dots/mm): 80 mm paper prints 576 dots, 58 mm paper 384.
enum class PaperWidth : int { mm58 = 384, mm80 = 576 };

constexpr int dotsOf(PaperWidth paper) {
    return static_cast<int>(paper);
}

// Character cells of the printer's resident fonts at size 1 (GS ! 00).
constexpr int kAsciiCellWidth = 12;  // one text column
constexpr int kCjkCellWidth = 24;    // two text columns
constexpr int kCellHeight = 24;
constexpr int kMaxCharacterScale = 8;    // GS ! accepts 1..8 in each direction
constexpr int kDefaultLineSpacing = 30;  // dots, ESC 2

// Text columns across the paper at a given width multiplier: 48 on 80 mm, 32 on 58 mm at size 1.
constexpr int lineColumns(PaperWidth paper, int widthScale = 1) {
    return dotsOf(paper) / (kAsciiCellWidth * widthScale);
}

// ESC a n.
enum class Align : std::uint8_t { left = 0, center = 1, right = 2 };

// QR error correction level, with its ESC/POS parameter value (GS ( k fn 169).
enum class QrEcc : std::uint8_t { L = 48, M = 49, Q = 50, H = 51 };

constexpr int kQrMinModuleSize = 1;  // dots, GS ( k fn 167
constexpr int kQrMaxModuleSize = 16;
constexpr int kQrMaxStoredBytes = 7089;  // GS ( k fn 180: pL + 256 pH <= 7092

// Byte-mode capacity of a version 40 symbol at each level: more data cannot be encoded at all.
constexpr int qrByteCapacity(QrEcc ecc) {
    switch (ecc) {
    case QrEcc::L: return 2953;
    case QrEcc::M: return 2331;
    case QrEcc::Q: return 1663;
    case QrEcc::H: return 1273;
    }
    return 0;
}

// How GS V ends a receipt. The printer first feeds the last printed line past the cutter, then cuts.
enum class CutMode : std::uint8_t { full, partial };

// A 1-bit picture as GS v 0 carries it: rows of (width + 7) / 8 bytes, the most significant bit is the
// leftmost dot, 1 prints black. Bits past `width` in a row's last byte are padding.
struct MonoBitmap {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> bits;

    MonoBitmap() = default;
    // A blank (all white) bitmap of width x height dots; negative sizes give an empty bitmap.
    MonoBitmap(int w, int h);

    int stride() const { return (width + 7) / 8; }
    // Outside the bitmap reads white.
    bool dot(int x, int y) const;
    // Outside the bitmap is ignored.
    void setDot(int x, int y, bool black = true);

    friend bool operator==(const MonoBitmap&, const MonoBitmap&) = default;
};

}  // namespace yimen::drivers::protocol
