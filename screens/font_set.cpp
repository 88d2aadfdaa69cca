// FontSet: SDL_ttf fonts opened lazily per size and weight, and a hashed width cache.
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
    if (TTF_Init() != 0)
        return fail(ErrorCode::notFound, std::string("starting SDL_ttf: ") + TTF_GetError());
    for (const FontFace& face : files.regular) {
        TTF_Font* probe = TTF_OpenFontIndex(face.path.c_str(), 32, face.index);
        if (!probe) {
            log::warn(kLog, "font " + face.path + " not usable: " + TTF_GetError());
            continue;
        }
        TTF_CloseFont(probe);
        return std::unique_ptr<FontSet>(new FontSet(std::move(files), face));
    }
    TTF_Quit();
    return fail(ErrorCode::notFound, "no CJK font found (install fonts-noto-cjk or fonts-wqy-microhei)");
}

FontSet::FontSet(FontFiles files, FontFace regular)
    : files_(std::move(files)), regular_(std::move(regular)) {}

FontSet::~FontSet() {
    for (auto& [key, font] : fonts_) TTF_CloseFont(font);
    TTF_Quit();
}

TTF_Font* FontSet::openFace(int px, bool bold) {
    if (bold) {
        for (const FontFace& face : files_.bold) {
            if (TTF_Font* f = TTF_OpenFontIndex(face.path.c_str(), px, face.index))
                return f;
        }
    }
    TTF_Font* f = TTF_OpenFontIndex(regular_.path.c_str(), px, regular_.index);
    if (f && bold)
        TTF_SetFontStyle(f, TTF_STYLE_BOLD);
    return f;
}

TTF_Font* FontSet::font(int px, bool bold) {
    const auto key = std::make_pair(px, bold);
    if (auto it = fonts_.find(key); it != fonts_.end())
        return it->second;
    TTF_Font* f = openFace(px, bold);
    if (!f) {
        // The face opened at start-up; a failure now means memory trouble. Fall back to any open font.
        log::error(kLog, std::string("opening font at ") + std::to_string(px) + " px: " + TTF_GetError());
        if (!fonts_.empty())
            return fonts_.begin()->second;
        return nullptr;
    }
    fonts_.emplace(key, f);
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
    if (!f || TTF_SizeUTF8(f, text.c_str(), &w, &h) != 0)
        w = static_cast<int>(utf8.size()) * px;  // unmeasurable: assume the worst, so the audit notices
    if (widths_.size() >= kMaxCachedWidths)
        widths_.clear();
    widths_.emplace(key, w);
    return w;
}

int FontSet::lineHeight(int px, bool bold) {
    TTF_Font* f = font(px, bold);
    return f ? TTF_FontHeight(f) : px * 3 / 2;
}

void FontSet::forgetText() {
    widths_.clear();
}

}  // namespace yimen::screens
