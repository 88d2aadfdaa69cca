// FontSet: one SDL_ttf face per weight, resized on demand, and a hashed width cache.
#include "screens/font_set.h"

#include <SDL_ttf.h>

#include <functional>

#include "common/log.h"

namespace yimen::screens {
namespace {

constexpr const char* kLog = "screens";
constexpr std::size_t kMaxCachedWidths = 50'000;

std::uint64_t widthKey(std::string_view text, int px, bool bold) {
    std::uint64_t h = std::hash<std::string_view>{}(text);
    h ^= (static_cast<std::uint64_t>(px) << 1 | (bold ? 1u : 0u)) + 0x9e3779b97f4a7c15ULL + (h << 6) +
         (h >> 2);
    return h;
}

}  // namespace

FontFiles defaultFontFiles() {
    return {{{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
             {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0}},
            {{"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2}}};
}

Expected<std::unique_ptr<FontSet>> FontSet::open(FontFiles files) {
    constexpr int kStartPx = 32;
    if (TTF_Init() != 0)
        return fail(ErrorCode::notFound, std::string("starting SDL_ttf: ") + TTF_GetError());
    TTF_Font* regular = nullptr;
    const FontFace* regularFace = nullptr;
    for (const FontFace& face : files.regular) {
        regular = TTF_OpenFontIndex(face.path.c_str(), kStartPx, face.index);
        if (regular) {
            regularFace = &face;
            break;
        }
        log::warn(kLog, "font " + face.path + " not usable: " + TTF_GetError());
    }
    if (!regular) {
        TTF_Quit();
        return fail(ErrorCode::notFound, "no CJK font found (install fonts-noto-cjk or fonts-wqy-microhei)");
    }
    TTF_Font* bold = nullptr;
    for (const FontFace& face : files.bold)
        if ((bold = TTF_OpenFontIndex(face.path.c_str(), kStartPx, face.index)))
            break;
    if (!bold) {
        // No bold face: the regular one, emboldened.
        bold = TTF_OpenFontIndex(regularFace->path.c_str(), kStartPx, regularFace->index);
        if (bold)
            TTF_SetFontStyle(bold, TTF_STYLE_BOLD);
    }
    if (!bold) {
        TTF_CloseFont(regular);
        TTF_Quit();
        return fail(ErrorCode::notFound, std::string("opening the font a second time: ") + TTF_GetError());
    }
    return std::unique_ptr<FontSet>(new FontSet(regular, bold, kStartPx));
}

FontSet::FontSet(TTF_Font* regular, TTF_Font* bold, int size)
    : regular_(regular), bold_(bold), regularPx_(size), boldPx_(size) {}

FontSet::~FontSet() {
    TTF_CloseFont(regular_);
    TTF_CloseFont(bold_);
    TTF_Quit();
}

TTF_Font* FontSet::font(int px, bool bold) {
    TTF_Font* f = bold ? bold_ : regular_;
    int& current = bold ? boldPx_ : regularPx_;
    if (px != current && px > 0) {
        if (TTF_SetFontSize(f, px) == 0)
            current = px;
        else
            log::error(kLog, "font size " + std::to_string(px) + ": " + TTF_GetError());
    }
    return f;
}

std::string FontSet::familyName() {
    TTF_Font* f = font(32, false);
    const char* name = f ? TTF_FontFaceFamilyName(f) : nullptr;
    return name ? name : "";
}

int FontSet::textWidth(std::string_view utf8, int px, bool bold) {
    if (utf8.empty())
        return 0;
    const std::uint64_t key = widthKey(utf8, px, bold);
    if (auto it = widths_.find(key); it != widths_.end())
        return it->second;
    TTF_Font* f = font(px, bold);
    int w = 0;
    int h = 0;
    const std::string text(utf8);
    if (TTF_SizeUTF8(f, text.c_str(), &w, &h) != 0)
        w = static_cast<int>(utf8.size()) * px;  // unmeasurable: assume the worst, so the audit notices
    if (widths_.size() >= kMaxCachedWidths)
        widths_.clear();
    widths_.emplace(key, w);
    return w;
}

int FontSet::lineHeight(int px, bool bold) {
    const auto key = std::make_pair(px, bold);
    if (auto it = lineHeights_.find(key); it != lineHeights_.end())
        return it->second;
    const int h = TTF_FontHeight(font(px, bold));
    lineHeights_.emplace(key, h);
    return h;
}

void FontSet::forgetText() {
    widths_.clear();
}

}  // namespace yimen::screens
