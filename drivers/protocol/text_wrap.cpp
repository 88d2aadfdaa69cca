// Greedy line wrapping in printer columns with the common Chinese line-breaking rules (避头尾).
#include "drivers/protocol/text_wrap.h"

#include <algorithm>
#include <optional>

#include "common/utf8.h"

namespace yimen::drivers::protocol {
namespace {

constexpr std::u32string_view kNoBreakBefore = U",.;:!?)]}%，。、；：？！）》」』】〉〕…—·％’”．］｝";
constexpr std::u32string_view kNoBreakAfter = U"([{（《「『【〈〔‘“［｛";

bool isSpace(char32_t cp) {
    return cp == U' ' || cp == U'\u3000';
}
bool isControl(char32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

// The smallest piece of text the wrapper places: a run of spaces, an ASCII word, or one other character.
struct Piece {
    std::string text;
    int width = 0;
    bool space = false;
    bool noBreakBefore = false;
    bool noBreakAfter = false;
};

Expected<std::vector<char32_t>> decode(std::string_view utf8) {
    std::vector<char32_t> out;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const std::size_t at = pos;
        const auto cp = decodeUtf8At(utf8, pos);
        if (!cp) {
            return fail(ErrorCode::invalidInput, "invalid UTF-8 at byte " + std::to_string(at));
        }
        if (*cp != U'\n' && isControl(*cp)) {
            return fail(ErrorCode::invalidInput, "control character in text at byte " + std::to_string(at));
        }
        out.push_back(*cp);
    }
    return out;
}

std::vector<Piece> splitPieces(const std::vector<char32_t>& cps, std::size_t begin, std::size_t end) {
    std::vector<Piece> pieces;
    std::size_t i = begin;
    while (i < end) {
        Piece piece;
        if (isSpace(cps[i])) {
            piece.space = true;
            while (i < end && isSpace(cps[i])) {
                appendUtf8(piece.text, cps[i]);
                piece.width += columnsOf(cps[i]);
                ++i;
            }
        } else if (cps[i] < 0x80) {
            const std::size_t start = i;
            while (i < end && cps[i] < 0x80 && !isSpace(cps[i])) {
                appendUtf8(piece.text, cps[i]);
                ++piece.width;
                ++i;
            }
            piece.noBreakBefore = kNoBreakBefore.find(cps[start]) != std::u32string_view::npos;
            piece.noBreakAfter = kNoBreakAfter.find(cps[i - 1]) != std::u32string_view::npos;
        } else {
            appendUtf8(piece.text, cps[i]);
            piece.width = columnsOf(cps[i]);
            piece.noBreakBefore = kNoBreakBefore.find(cps[i]) != std::u32string_view::npos;
            piece.noBreakAfter = kNoBreakAfter.find(cps[i]) != std::u32string_view::npos;
            ++i;
        }
        pieces.push_back(std::move(piece));
    }
    return pieces;
}

// Glues pieces that must stay on one line into chunks; a space piece is always a chunk of its own.
std::vector<Piece> glue(std::vector<Piece> pieces) {
    std::vector<Piece> chunks;
    for (Piece& piece : pieces) {
        const bool joinPrevious = !chunks.empty() && !piece.space && !chunks.back().space &&
                                  (piece.noBreakBefore || chunks.back().noBreakAfter);
        if (joinPrevious) {
            chunks.back().text += piece.text;
            chunks.back().width += piece.width;
            chunks.back().noBreakAfter = piece.noBreakAfter;
        } else {
            chunks.push_back(std::move(piece));
        }
    }
    return chunks;
}

class LineFiller {
public:
    LineFiller(int columns, std::vector<std::string>& lines) : columns_(columns), lines_(lines) {}

    void add(const Piece& chunk) {
        if (chunk.space) {
            pendingSpaces_ += chunk.text;
            pendingWidth_ += chunk.width;
            return;
        }
        // Spaces are kept inside a line and at the start of a paragraph, dropped at a wrap point.
        const bool keepSpaces = !line_.empty() || !wrapped_;
        const int spaceWidth = keepSpaces ? pendingWidth_ : 0;
        if (width_ + spaceWidth + chunk.width <= columns_) {
            if (keepSpaces) {
                line_ += pendingSpaces_;
                width_ += pendingWidth_;
            }
            line_ += chunk.text;
            width_ += chunk.width;
        } else {
            if (!line_.empty() || width_ > 0) {
                breakLine();
            }
            if (chunk.width <= columns_) {
                line_ = chunk.text;
                width_ = chunk.width;
            } else {
                addCharByChar(chunk.text);
            }
        }
        pendingSpaces_.clear();
        pendingWidth_ = 0;
    }

    void finish() { lines_.push_back(std::move(line_)); }

private:
    void breakLine() {
        lines_.push_back(std::move(line_));
        line_.clear();
        width_ = 0;
        wrapped_ = true;
    }

    void addCharByChar(std::string_view text) {
        std::size_t pos = 0;
        while (pos < text.size()) {
            const std::size_t start = pos;
            const char32_t cp = decodeUtf8At(text, pos).value_or(U'?');
            const int w = columnsOf(cp);
            if (width_ + w > columns_) {
                breakLine();
            }
            line_.append(text.substr(start, pos - start));
            width_ += w;
        }
    }

    int columns_;
    std::vector<std::string>& lines_;
    std::string line_;
    int width_ = 0;
    std::string pendingSpaces_;
    int pendingWidth_ = 0;
    bool wrapped_ = false;
};

}  // namespace

int columnsOf(char32_t codePoint) {
    return codePoint < 0x80 ? 1 : 2;
}

Expected<int> textColumns(std::string_view utf8) {
    auto cps = decode(utf8);
    if (!cps) {
        return cps.error();
    }
    int total = 0;
    for (char32_t cp : *cps) {
        if (cp == U'\n') {
            return fail(ErrorCode::invalidInput, "line break inside a single line of text");
        }
        total += columnsOf(cp);
    }
    return total;
}

Expected<std::vector<std::string>> wrapText(std::string_view utf8, int columns) {
    if (columns < 2) {
        return fail(ErrorCode::invalidInput,
                    "cannot wrap to " + std::to_string(columns) + " columns: a Chinese character needs 2");
    }
    auto cps = decode(utf8);
    if (!cps) {
        return cps.error();
    }
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (true) {
        const auto newline = std::find(cps->begin() + static_cast<std::ptrdiff_t>(begin), cps->end(), U'\n');
        const auto end = static_cast<std::size_t>(newline - cps->begin());
        LineFiller filler(columns, lines);
        for (const Piece& chunk : glue(splitPieces(*cps, begin, end))) {
            filler.add(chunk);
        }
        filler.finish();
        if (newline == cps->end()) {
            break;
        }
        begin = end + 1;
    }
    return lines;
}

}  // namespace yimen::drivers::protocol
