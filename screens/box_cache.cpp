// BoxCache: boxes drawn pixel by pixel (coverage sampled 4x4 at the corners), LRU-evicted by size.
#include "screens/box_cache.h"

#include <SDL.h>

#include <algorithm>
#include <functional>
#include <vector>

namespace yimen::screens {
namespace {

std::uint64_t keyOf(const BoxStyle& s) {
    auto rgba = [](Color c) {
        return (std::uint64_t{c.r} << 24) | (std::uint64_t{c.g} << 16) | (std::uint64_t{c.b} << 8) | c.a;
    };
    std::uint64_t h =
        std::hash<std::uint64_t>{}((static_cast<std::uint64_t>(s.w) << 32) | static_cast<std::uint32_t>(s.h));
    for (std::uint64_t part : {static_cast<std::uint64_t>(s.radius), rgba(s.fill), rgba(s.border),
                               static_cast<std::uint64_t>(s.borderWidth)})
        h ^= std::hash<std::uint64_t>{}(part) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

// Coverage (0..16) of the 4x4 samples of pixel (x, y) inside a rounded rectangle w x h with radius r.
int coverage(int x, int y, int w, int h, int r) {
    int inside = 0;
    for (int sy = 0; sy < 4; ++sy)
        for (int sx = 0; sx < 4; ++sx) {
            const double px = x + (sx + 0.5) / 4;
            const double py = y + (sy + 0.5) / 4;
            if (px < 0 || py < 0 || px > w || py > h)
                continue;
            const double cx = std::clamp(px, static_cast<double>(r), static_cast<double>(w - r));
            const double cy = std::clamp(py, static_cast<double>(r), static_cast<double>(h - r));
            const double dx = px - cx;
            const double dy = py - cy;
            inside += dx * dx + dy * dy <= static_cast<double>(r) * r ? 1 : 0;
        }
    return inside;
}

Uint32 argb(double a, double r, double g, double b) {
    auto c = [](double v) { return static_cast<Uint32>(std::clamp(v, 0.0, 255.0) + 0.5); };
    return (c(a) << 24) | (c(r) << 16) | (c(g) << 8) | c(b);
}

}  // namespace

BoxCache::BoxCache(SDL_Renderer* renderer, std::size_t pixelBudget)
    : renderer_(renderer), budget_(pixelBudget) {}

BoxCache::~BoxCache() {
    for (Entry& e : entries_)
        if (e.texture)
            SDL_DestroyTexture(e.texture);
}

SDL_Texture* BoxCache::box(const BoxStyle& s) {
    if (s.w <= 0 || s.h <= 0)
        return nullptr;
    const std::uint64_t key = keyOf(s);
    if (auto it = index_.find(key); it != index_.end()) {
        entries_.splice(entries_.begin(), entries_, it->second);
        return it->second->texture;
    }
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, s.w, s.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surface)
        return nullptr;
    const int r = std::min({s.radius, s.w / 2, s.h / 2});
    const int bw = std::min({s.borderWidth, s.w / 2, s.h / 2});
    const int ri = std::max(0, r - bw);
    const Color& f = s.fill;
    const Color& b = bw > 0 ? s.border : s.fill;
    const Uint32 fillPixel = argb(f.a, f.r, f.g, f.b);
    const Uint32 borderPixel = argb(b.a, b.r, b.g, b.b);
    for (int y = 0; y < s.h; ++y) {
        auto* row = reinterpret_cast<Uint32*>(static_cast<Uint8*>(surface->pixels) + y * surface->pitch);
        const bool cornerRow = y < r || y >= s.h - r;
        for (int x = 0; x < s.w; ++x) {
            const bool corner = cornerRow && (x < r || x >= s.w - r);
            if (!corner) {
                const bool edge = x < bw || y < bw || x >= s.w - bw || y >= s.h - bw;
                row[x] = edge ? borderPixel : fillPixel;
                continue;
            }
            // Outer shape in the border colour, inner shape (inset by the border) in the fill colour.
            const double outer = coverage(x, y, s.w, s.h, r) / 16.0;
            const double inner =
                bw > 0 ? coverage(x - bw, y - bw, s.w - 2 * bw, s.h - 2 * bw, ri) / 16.0 : outer;
            const double ring = std::max(0.0, outer - inner);
            const double alpha = ring * b.a + inner * f.a;
            if (alpha <= 0) {
                row[x] = 0;
                continue;
            }
            const double wr = ring * b.a / alpha;
            const double wf = inner * f.a / alpha;
            row[x] = argb(alpha, wr * b.r + wf * f.r, wr * b.g + wf * f.g, wr * b.b + wf * f.b);
        }
    }
    SDL_Texture* texture = SDL_CreateTextureFromSurface(renderer_, surface);
    SDL_FreeSurface(surface);
    if (!texture)
        return nullptr;
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    const std::size_t pixels = static_cast<std::size_t>(s.w) * static_cast<std::size_t>(s.h);
    entries_.push_front({key, texture, pixels});
    index_[key] = entries_.begin();
    pixels_ += pixels;
    while (pixels_ > budget_ && entries_.size() > 1) {
        Entry& last = entries_.back();
        SDL_DestroyTexture(last.texture);
        pixels_ -= last.pixels;
        index_.erase(last.key);
        entries_.pop_back();
    }
    return texture;
}

}  // namespace yimen::screens
