// breakLines: tokens glued by the punctuation rules, then greedy filling by measured width.
#include "screens/line_break.h"

#include "common/utf8.h"

namespace yimen::screens {
namespace {

bool isClosing(char32_t c) {
    switch (c) {
    case U'，':
    case U'。':
    case U'、':
    case U'；':
    case U'：':
    case U'？':
    case U'！':
    case U'」':
    case U'』':
    case U'）':
    case U'》':
    case U'〉':
    case U'】':
    case U'〕':
    case U'〗':
    case U'’':
    case U'”':
    case U'…':
    case U'‥':
    case U'·':
    case U'・':
    case U'％':
    case U'～':
    case U'｝':
    case U'］':
    case U',':
    case U'.':
    case U';':
    case U':':
    case U'?':
    case U'!':
    case U')':
    case U']':
    case U'}':
    case U'%': return true;
    default: return false;
    }
}

bool isOpening(char32_t c) {
    switch (c) {
    case U'「':
    case U'『':
    case U'（':
    case U'《':
    case U'〈':
    case U'【':
    case U'〔':
    case U'〖':
    case U'‘':
    case U'“':
    case U'｛':
    case U'［':
    case U'(':
    case U'[':
    case U'{': return true;
    default: return false;
    }
}

bool isSpace(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\u3000';
}

// Characters between which a line may break: ideographs, kana, hangul, CJK symbols and full-width forms.
bool isCjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2FFFF);
}

struct Token {
    std::string text;
    bool space = false;
};

// One code point (or one invalid byte) at a time.
struct CodePoint {
    std::string bytes;
    char32_t value = 0xFFFD;
};

std::vector<CodePoint> codePoints(std::string_view s) {
    std::vector<CodePoint> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t start = pos;
        if (auto c = decodeUtf8At(s, pos)) {
            out.push_back({std::string(s.substr(start, pos - start)), *c});
        } else {
            out.push_back({std::string(1, s[pos]), 0xFFFD});
            ++pos;
        }
    }
    return out;
}

// Splits one hard line into unbreakable tokens and spaces.
std::vector<Token> tokenize(std::string_view line) {
    std::vector<Token> tokens;
    std::string opening;  // opening punctuation waiting for the token it belongs to
    bool inWord = false;  // the last token is a run of non-CJK characters still growing
    auto startToken = [&](const std::string& text) {
        tokens.push_back({opening + text, false});
        opening.clear();
    };
    for (const CodePoint& cp : codePoints(line)) {
        const char32_t c = cp.value;
        if (isSpace(c)) {
            if (!opening.empty())
                startToken("");
            tokens.push_back({cp.bytes, true});
            inWord = false;
        } else if (isClosing(c)) {
            if (!tokens.empty() && !tokens.back().space && opening.empty())
                tokens.back().text += cp.bytes;
            else
                startToken(cp.bytes);
            inWord = false;
        } else if (isOpening(c)) {
            opening += cp.bytes;
            inWord = false;
        } else if (isCjk(c)) {
            startToken(cp.bytes);
            inWord = false;
        } else if (inWord && opening.empty()) {
            tokens.back().text += cp.bytes;
        } else {
            startToken(cp.bytes);
            inWord = true;
        }
    }
    if (!opening.empty())
        startToken("");
    return tokens;
}

}  // namespace

BrokenText breakLines(std::string_view utf8, int maxWidth, const WidthOf& widthOf, int maxLines) {
    BrokenText out;
    std::size_t start = 0;
    while (start <= utf8.size()) {
        const std::size_t end = std::min(utf8.find('\n', start), utf8.size());
        const std::string_view hardLine = utf8.substr(start, end - start);
        std::string current;
        std::string pendingSpace;
        bool placedAny = false;
        auto pushLine = [&] {
            out.lines.push_back(std::move(current));
            current.clear();
            pendingSpace.clear();
            placedAny = true;
        };
        for (Token& token : tokenize(hardLine)) {
            if (token.space) {
                if (!current.empty())
                    pendingSpace += token.text;
                continue;
            }
            const std::string candidate = current + pendingSpace + token.text;
            if (widthOf(candidate) <= maxWidth) {
                current = candidate;
                pendingSpace.clear();
                continue;
            }
            if (!current.empty())
                pushLine();
            if (widthOf(token.text) <= maxWidth) {
                current = std::move(token.text);
                continue;
            }
            // A token wider than a whole line: split it between characters.
            for (const CodePoint& cp : codePoints(token.text)) {
                const std::string next = current + cp.bytes;
                if (current.empty() || widthOf(next) <= maxWidth) {
                    if (current.empty() && widthOf(cp.bytes) > maxWidth)
                        out.overflow = true;
                    current = next;
                } else {
                    pushLine();
                    current = cp.bytes;
                    if (widthOf(current) > maxWidth)
                        out.overflow = true;
                }
            }
        }
        if (!current.empty() || !placedAny)
            pushLine();
        if (end >= utf8.size())
            break;
        start = end + 1;
    }
    if (maxLines > 0 && static_cast<int>(out.lines.size()) > maxLines)
        out.overflow = true;
    return out;
}

}  // namespace yimen::screens
