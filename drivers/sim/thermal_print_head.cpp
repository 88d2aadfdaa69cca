// ThermalPrintHead: the layout rules of a standard-mode ESC/POS printer, applied to a PaperCanvas.
#include "drivers/sim/thermal_print_head.h"

#include <algorithm>
#include <string>
#include <type_traits>

#include "common/utf8.h"
#include "drivers/sim/qr_symbol.h"

namespace yimen::drivers::sim {

using namespace protocol;

namespace {

MonoBitmap emboldened(const MonoBitmap& cell, int shift) {
    MonoBitmap out = cell;
    for (int y = 0; y < cell.height; ++y) {
        for (int x = 0; x < cell.width; ++x) {
            if (cell.dot(x, y)) {
                for (int s = 1; s <= shift; ++s) {
                    out.setDot(x + s, y);
                }
            }
        }
    }
    return out;
}

}  // namespace

ThermalPrintHead::ThermalPrintHead(int widthDots, GlyphRasterizer& glyphs)
    : width_(widthDots), glyphs_(glyphs), paper_(widthDots, kMaxReceiptDots) {}

Status ThermalPrintHead::execute(const Operation& op) {
    return std::visit(
        [this](const auto& cmd) -> Status {
            using T = std::decay_t<decltype(cmd)>;
            if constexpr (std::is_same_v<T, Initialize>) {
                line_.clear();
                lineWidth_ = 0;
                lineHeight_ = 0;
                lineSpacing_ = kDefaultLineSpacing;
                return {};
            } else if constexpr (std::is_same_v<T, TextRun>) {
                return addText(cmd);
            } else if constexpr (std::is_same_v<T, LineFeed>) {
                return printLineThenFeed(lineSpacing_);
            } else if constexpr (std::is_same_v<T, FeedLines>) {
                return printLineThenFeed(cmd.lines * lineSpacing_);
            } else if constexpr (std::is_same_v<T, FeedDots>) {
                return printLineThenFeed(cmd.dots);
            } else if constexpr (std::is_same_v<T, LineSpacing>) {
                lineSpacing_ = cmd.dots;
                return {};
            } else if constexpr (std::is_same_v<T, QrPrint>) {
                return printQr(cmd);
            } else if constexpr (std::is_same_v<T, RasterImage>) {
                return printRaster(cmd);
            } else if constexpr (std::is_same_v<T, Cut>) {
                return cut(cmd);
            } else {
                // QrStore, ModeSet, Ignored: nothing reaches the paper.
                return {};
            }
        },
        op.command);
}

Status ThermalPrintHead::addText(const TextRun& run) {
    std::size_t pos = 0;
    while (pos < run.utf8.size()) {
        const auto cp = decodeUtf8At(run.utf8, pos);
        if (!cp) {
            return fail(ErrorCode::invalidInput, "text run is not UTF-8");
        }
        const bool wide = run.style.chineseMode && *cp >= 0x80;
        const int base = wide ? kCjkCellWidth : kAsciiCellWidth;
        const int cellWidth = base * run.style.widthScale;
        if (lineWidth_ + cellWidth > width_ && !line_.empty()) {
            // The printer wraps by itself: the full line is printed and fed like LF.
            if (Status s = printLineThenFeed(lineSpacing_); !s) {
                return s;
            }
        }
        if (line_.empty()) {
            lineAlign_ = run.style.align;
        }
        MonoBitmap cell = glyphs_.glyph(*cp, base, run.style.widthScale, run.style.heightScale);
        if (run.style.bold) {
            cell = emboldened(cell, run.style.widthScale);
        }
        lineWidth_ += cellWidth;
        lineHeight_ = std::max(lineHeight_, cell.height);
        line_.push_back(PlacedGlyph{std::move(cell)});
    }
    return {};
}

Status ThermalPrintHead::flushLine() {
    if (line_.empty()) {
        return {};
    }
    int x = alignedX(lineAlign_, std::min(lineWidth_, width_));
    for (const PlacedGlyph& g : line_) {
        if (Status s = paper_.draw(g.cell, x, y_ + lineHeight_ - g.cell.height); !s) {
            return s;
        }
        x += g.cell.width;
    }
    line_.clear();
    lineWidth_ = 0;
    return {};
}

Status ThermalPrintHead::printLineThenFeed(int feedDots) {
    const int printedHeight = line_.empty() ? 0 : lineHeight_;
    if (Status s = flushLine(); !s) {
        return s;
    }
    lineHeight_ = 0;
    return feed(std::max(feedDots, printedHeight));
}

Status ThermalPrintHead::feed(int dots) {
    if (dots <= 0) {
        return {};
    }
    if (y_ + dots > kMaxReceiptDots) {
        return fail(ErrorCode::invalidInput, "the receipt would be longer than " +
                                                 std::to_string(kMaxReceiptDots) + " dots without a cut");
    }
    if (jobDots_ + dots > kMaxJobDots) {
        return fail(ErrorCode::invalidInput,
                    "the job would use more than " + std::to_string(kMaxJobDots) + " dots of paper");
    }
    y_ += dots;
    jobDots_ += dots;
    return paper_.extendTo(y_);
}

int ThermalPrintHead::alignedX(Align align, int blockWidth) const {
    switch (align) {
    case Align::left: return 0;
    case Align::center: return std::max(0, (width_ - blockWidth) / 2);
    case Align::right: return std::max(0, width_ - blockWidth);
    }
    return 0;
}

Status ThermalPrintHead::printQr(const QrPrint& qr) {
    if (!line_.empty()) {
        if (Status s = printLineThenFeed(lineSpacing_); !s) {
            return s;
        }
    }
    if (qr.model != QrModel::model2) {
        return fail(ErrorCode::invalidInput, "this printer prints QR model 2 only");
    }
    if (!lastQrData_ || lastQrEcc_ != qr.ecc || (lastQrData_ != qr.data && *lastQrData_ != *qr.data)) {
        auto modules = qrModules(*qr.data, qr.ecc);
        if (!modules) {
            return modules.error();
        }
        lastQrData_ = qr.data;
        lastQrEcc_ = qr.ecc;
        lastQrModules_ = std::move(*modules);
    }
    const MonoBitmap& modules = lastQrModules_;
    const int symbol = modules.width * qr.moduleSize;
    if (symbol > width_) {
        return fail(ErrorCode::invalidInput, "the QR symbol is " + std::to_string(symbol) +
                                                 " dots wide, wider than the " + std::to_string(width_) +
                                                 "-dot paper");
    }
    const int quiet = kQuietZoneModules * qr.moduleSize;
    // The quiet zone is blank paper; at the sides it shrinks if the paper is too narrow for all of it.
    const int side = std::min(quiet, (width_ - symbol) / 2);
    int x = alignedX(qr.align, symbol);
    x = std::clamp(x, side, width_ - symbol - side);
    if (Status s = paper_.draw(modules, x, y_ + quiet, qr.moduleSize, qr.moduleSize); !s) {
        return s;
    }
    return feed(quiet + symbol + quiet);
}

Status ThermalPrintHead::printRaster(const RasterImage& image) {
    if (!line_.empty()) {
        if (Status s = printLineThenFeed(lineSpacing_); !s) {
            return s;
        }
    }
    const int width = image.bitmap.width * image.scaleX;
    const int x = alignedX(image.align, std::min(width, width_));
    if (Status s = paper_.draw(image.bitmap, x, y_, image.scaleX, image.scaleY); !s) {
        return s;
    }
    return feed(image.bitmap.height * image.scaleY);
}

Status ThermalPrintHead::cut(const Cut& c) {
    if (!line_.empty()) {
        if (Status s = printLineThenFeed(lineSpacing_); !s) {
            return s;
        }
    }
    if (Status s = feed(c.feedFirst ? c.feedDots : 0); !s) {
        return s;
    }
    if (Status s = paper_.dashedLine(y_, kCutLineDots, 8, 6); !s) {
        return s;
    }
    cutReceipts_.push_back(std::move(paper_));
    paper_ = PaperCanvas(width_, kMaxReceiptDots);
    y_ = 0;
    return {};
}

std::vector<PaperCanvas> ThermalPrintHead::takeCutReceipts() {
    std::vector<PaperCanvas> out = std::move(cutReceipts_);
    cutReceipts_.clear();
    return out;
}

void ThermalPrintHead::discardUncut() {
    paper_ = PaperCanvas(width_, kMaxReceiptDots);
    y_ = 0;
    line_.clear();
    lineWidth_ = 0;
    lineHeight_ = 0;
}

}  // namespace yimen::drivers::sim
