// Rounded, bordered boxes rendered once into textures and reused: the software renderer copies a texture many
// times faster than it fills a narrow rectangle.
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>

#include "screens/geometry.h"

struct SDL_Renderer;
struct SDL_Texture;

namespace yimen::screens {

struct BoxStyle {
    int w = 0;
    int h = 0;
    int radius = 0;
    Color fill;
    Color border;
    int borderWidth = 0;  // 0: no border
};

// LRU-bounded by total pixels; textures belong to `renderer`. Not thread-safe: the UI thread.
class BoxCache {
public:
    BoxCache(SDL_Renderer* renderer, std::size_t pixelBudget = 2'500'000);
    ~BoxCache();
    BoxCache(const BoxCache&) = delete;
    BoxCache& operator=(const BoxCache&) = delete;

    // The box's texture (corners anti-aliased, transparent outside); null when it cannot be made.
    SDL_Texture* box(const BoxStyle& style);
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::uint64_t key;
        SDL_Texture* texture;
        std::size_t pixels;
    };
    SDL_Renderer* renderer_;
    std::size_t budget_;
    std::size_t pixels_ = 0;
    std::list<Entry> entries_;  // most recent first
    std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index_;
};

}  // namespace yimen::screens
