// rasteriseChineseText: print lines laid out as a standard-mode printer lays them out, drawn into GS v 0
// images.
#include "drivers/printer/raster_text.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "drivers/protocol/escpos.h"
#include "drivers/protocol/escpos_parser.h"
#include "common/utf8.h"

namespace yimen::drivers::printer {

using namespace protocol;

namespace {

constexpr std::uint8_t ESC = 0x1B;
constexpr int kMaxFeedPerCommand = 255;  // ESC J n

bool needsRaster(const TextRun& run) {
    return run.style.chineseMode && std::any_of(run.utf8.begin(), run.utf8.end(),
                                                [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Ops that print the line buffer first.
bool endsLine(const Command& c) {
    return std::holds_alternative<LineFeed>(c) || std::holds_alternative<FeedLines>(c) ||
           std::holds_alternative<FeedDots>(c) || std::holds_alternative<QrPrint>(c) ||
           std::holds_alternative<RasterImage>(c) || std::holds_alternative<Cut>(c);
}

class Rasteriser {
public:
    Rasteriser(std::span<const std::uint8_t> job, PaperWidth paper, GlyphSource& glyphs)
        : job_(job), paper_(paper), width_(dotsOf(paper)), glyphs_(glyphs) {}

    Status run(const std::vector<Operation>& ops) {
        std::size_t groupStart = 0;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (endsLine(ops[i].command)) {
                if (Status s = group(ops, groupStart, i + 1); !s) {
                    return s;
                }
                groupStart = i + 1;
            }
        }
        return group(ops, groupStart, ops.size());
    }

    std::vector<std::uint8_t> take() { return std::move(out_); }

private:
    struct Cell {
        MonoBitmap bitmap;
    };

    Status group(const std::vector<Operation>& ops, std::size_t begin, std::size_t end) {
        const bool raster =
            std::any_of(ops.begin() + static_cast<std::ptrdiff_t>(begin),
                        ops.begin() + static_cast<std::ptrdiff_t>(end), [](const Operation& op) {
                            const auto* run = std::get_if<TextRun>(&op.command);
                            return run != nullptr && needsRaster(*run);
                        });
        for (std::size_t i = begin; i < end; ++i) {
            const Operation& op = ops[i];
            Status s = raster ? replay(op) : verbatim(op);
            if (!s) {
                return s;
            }
        }
        // Text left without a line end at the end of the job: printed now, as the image cannot wait in the
        // buffer.
        if (raster && end == ops.size() && !line_.empty()) {
            return printLine(0);
        }
        return {};
    }

    Status verbatim(const Operation& op) {
        track(op.command);
        return append(job_.subspan(op.offset, op.length));
    }

    // Line spacing and the buffer reset, which the raster layout must follow.
    void track(const Command& c) {
        if (const auto* spacing = std::get_if<LineSpacing>(&c)) {
            lineSpacing_ = spacing->dots;
        } else if (std::holds_alternative<Initialize>(c)) {
            lineSpacing_ = kDefaultLineSpacing;
            line_.clear();
            lineWidth_ = 0;
            lineHeight_ = 0;
        }
    }

    Status replay(const Operation& op) {
        return std::visit(
            [&](const auto& cmd) -> Status {
                using T = std::decay_t<decltype(cmd)>;
                if constexpr (std::is_same_v<T, TextRun>) {
                    return addText(cmd);
                } else if constexpr (std::is_same_v<T, LineFeed>) {
                    return line_.empty() ? verbatim(op) : printLine(lineSpacing_);
                } else if constexpr (std::is_same_v<T, FeedLines>) {
                    return line_.empty() ? verbatim(op) : printLine(cmd.lines * lineSpacing_);
                } else if constexpr (std::is_same_v<T, FeedDots>) {
                    return line_.empty() ? verbatim(op) : printLine(cmd.dots);
                } else if constexpr (std::is_same_v<T, QrPrint> || std::is_same_v<T, RasterImage> ||
                                     std::is_same_v<T, Cut>) {
                    if (!line_.empty()) {
                        if (Status s = printLine(lineSpacing_); !s) {
                            return s;
                        }
                    }
                    return verbatim(op);
                } else {
                    // Mode commands, QR data, ignored commands, ESC @: their bytes keep the printer's state
                    // right for what follows; none of them changes an image already laid out.
                    return verbatim(op);
                }
            },
            op.command);
    }

    Status addText(const TextRun& run) {
        std::size_t pos = 0;
        while (pos < run.utf8.size()) {
            const std::optional<char32_t> cp = decodeUtf8At(run.utf8, pos);
            if (!cp) {
                return fail(ErrorCode::invalidInput, "text run is not UTF-8");
            }
            const bool wide = run.style.chineseMode && *cp >= 0x80;
            const int base = wide ? kCjkCellWidth : kAsciiCellWidth;
            const int cellWidth = base * run.style.widthScale;
            const int cellHeight = kCellHeight * run.style.heightScale;
            if (lineWidth_ + cellWidth > width_ && !line_.empty()) {
                if (Status s = printLine(lineSpacing_); !s) {
                    return s;
                }
            }
            if (line_.empty()) {
                lineAlign_ = run.style.align;
            }
            MonoBitmap cell(cellWidth, cellHeight);
            const MonoBitmap glyph = glyphs_.glyph(*cp, base, run.style.widthScale, run.style.heightScale);
            for (int y = 0; y < std::min(cellHeight, glyph.height); ++y) {
                for (int x = 0; x < std::min(cellWidth, glyph.width); ++x) {
                    if (glyph.dot(x, y)) {
                        // Bold is a double strike shifted right by the width multiplier, as the printer does
                        // it.
                        for (int s = 0; s <= (run.style.bold ? run.style.widthScale : 0); ++s) {
                            cell.setDot(x + s, y);
                        }
                    }
                }
            }
            lineWidth_ += cellWidth;
            lineHeight_ = std::max(lineHeight_, cellHeight);
            line_.push_back(Cell{std::move(cell)});
        }
        return {};
    }

    // Draws the line buffer as one image the width of the paper, then feeds what the printer would have fed
    // after it: max(feedDots, line height) in all.
    Status printLine(int feedDots) {
        const int height = lineHeight_;
        MonoBitmap image(width_, height);
        int x = 0;
        const int used = std::min(lineWidth_, width_);
        switch (lineAlign_) {
        case Align::left: x = 0; break;
        case Align::center: x = (width_ - used) / 2; break;
        case Align::right: x = width_ - used; break;
        }
        for (const Cell& c : line_) {
            const int top = height - c.bitmap.height;
            for (int y = 0; y < c.bitmap.height; ++y) {
                for (int cx = 0; cx < c.bitmap.width; ++cx) {
                    if (c.bitmap.dot(cx, y)) {
                        image.setDot(x + cx, top + y);
                    }
                }
            }
            x += c.bitmap.width;
        }
        line_.clear();
        lineWidth_ = 0;
        lineHeight_ = 0;

        EscPosWriter writer(paper_);
        auto bytes = writer.image(image).bytes();
        if (!bytes) {
            return bytes.error();
        }
        if (Status s = append(*bytes); !s) {
            return s;
        }
        int rest = std::max(feedDots, height) - height;
        while (rest > 0) {
            const int n = std::min(rest, kMaxFeedPerCommand);
            const std::uint8_t feed[] = {ESC, 'J', static_cast<std::uint8_t>(n)};
            if (Status s = append(feed); !s) {
                return s;
            }
            rest -= n;
        }
        return {};
    }

    Status append(std::span<const std::uint8_t> bytes) {
        if (out_.size() + bytes.size() > kMaxRasterJobBytes) {
            return fail(ErrorCode::invalidInput,
                        "the job would grow past " + std::to_string(kMaxRasterJobBytes) + " bytes as raster");
        }
        out_.insert(out_.end(), bytes.begin(), bytes.end());
        return {};
    }

    std::span<const std::uint8_t> job_;
    PaperWidth paper_;
    int width_;
    GlyphSource& glyphs_;
    std::vector<std::uint8_t> out_;
    std::vector<Cell> line_;
    int lineWidth_ = 0;
    int lineHeight_ = 0;
    Align lineAlign_ = Align::left;
    int lineSpacing_ = kDefaultLineSpacing;
};

}  // namespace

Expected<std::vector<std::uint8_t>> rasteriseChineseText(std::span<const std::uint8_t> job, PaperWidth paper,
                                                         GlyphSource& glyphs) {
    auto ops = parseEscPos(job);
    if (!ops) {
        return Error(ops.error()).withContext("rewriting Chinese text as raster");
    }
    Rasteriser r(job, paper, glyphs);
    if (Status s = r.run(*ops); !s) {
        return Error(s.error()).withContext("rewriting Chinese text as raster");
    }
    return r.take();
}

}  // namespace yimen::drivers::printer
