// Rendered text lines as textures, kept between frames so a frame does not re-rasterise its text.
#pragma once

#include <cstdint>
#include <list>
#include <string_view>
#include <unordered_map>

#include "screens/font_set.h"
#include "screens/geometry.h"

struct SDL_Renderer;
struct SDL_Texture;

namespace yimen::screens {

// Least-recently-used cache of line textures keyed by a hash of (text, size, weight, colour): no string a
// citizen typed is kept as a key. Owned textures belong to `renderer`. Not thread-safe: the UI thread.
class TextCache {
public:
    struct Line {
        SDL_Texture* texture = nullptr;  // null for a line that could not be rendered
        int w = 0;
        int h = 0;
    };

    TextCache(SDL_Renderer* renderer, FontSet& fonts, std::size_t capacity = 256);
    ~TextCache();
    TextCache(const TextCache&) = delete;
    TextCache& operator=(const TextCache&) = delete;

    // The texture of one line, rendered on first use.
    Line line(std::string_view utf8, int px, bool bold, Color color);
    // Destroys every texture (a citizen's session ended: some showed their data).
    void clear();
    std::size_t size() const { return entries_.size(); }
    std::size_t renders() const { return renders_; }  // lines rasterised so far

private:
    struct Entry {
        std::uint64_t key;
        Line line;
    };
    SDL_Renderer* renderer_;
    FontSet& fonts_;
    std::size_t capacity_;
    std::size_t renders_ = 0;
    std::list<Entry> entries_;  // most recent first
    std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index_;
};

}  // namespace yimen::screens
