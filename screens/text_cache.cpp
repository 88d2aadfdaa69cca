// TextCache: TTF_RenderUTF8_Blended once per distinct line, LRU-evicted.
#include "screens/text_cache.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include <functional>
#include <string>

#include "common/log.h"

namespace yimen::screens {
namespace {

std::uint64_t lineKey(std::string_view text, int px, bool bold, Color c) {
    std::uint64_t h = std::hash<std::string_view>{}(text);
    const std::uint64_t style = (static_cast<std::uint64_t>(px) << 33) | (bold ? 1ULL << 32 : 0) |
                                (static_cast<std::uint64_t>(c.r) << 24) |
                                (static_cast<std::uint64_t>(c.g) << 16) |
                                (static_cast<std::uint64_t>(c.b) << 8) | c.a;
    h ^= std::hash<std::uint64_t>{}(style) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

}  // namespace

TextCache::TextCache(SDL_Renderer* renderer, FontSet& fonts, std::size_t capacity)
    : renderer_(renderer), fonts_(fonts), capacity_(capacity) {}

TextCache::~TextCache() {
    clear();
}

TextCache::Line TextCache::line(std::string_view utf8, int px, bool bold, Color color) {
    const std::uint64_t key = lineKey(utf8, px, bold, color);
    if (auto it = index_.find(key); it != index_.end()) {
        entries_.splice(entries_.begin(), entries_, it->second);
        return it->second->line;
    }
    Line line;
    TTF_Font* font = fonts_.font(px, bold);
    const std::string text(utf8);
    SDL_Surface* surface =
        font ? TTF_RenderUTF8_Blended(font, text.c_str(), SDL_Color{color.r, color.g, color.b, color.a})
             : nullptr;
    if (surface) {
        line.texture = SDL_CreateTextureFromSurface(renderer_, surface);
        line.w = surface->w;
        line.h = surface->h;
        SDL_FreeSurface(surface);
        ++renders_;
    }
    if (!line.texture)
        log::error("screens", std::string("a line of text could not be drawn: ") + SDL_GetError());
    entries_.push_front({key, line});
    index_[key] = entries_.begin();
    while (entries_.size() > capacity_) {
        if (entries_.back().line.texture)
            SDL_DestroyTexture(entries_.back().line.texture);
        index_.erase(entries_.back().key);
        entries_.pop_back();
    }
    return line;
}

void TextCache::clear() {
    for (Entry& e : entries_)
        if (e.line.texture)
            SDL_DestroyTexture(e.line.texture);
    entries_.clear();
    index_.clear();
}

}  // namespace yimen::screens
