// Painter: every widget kind drawn with SDL2 primitives and cached textures.
#include "screens/painter.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

#include "common/log.h"
#include "common/qr/qr_code.h"

namespace yimen::screens {
namespace {

SDL_Rect sdl(const Rect& r) {
    return {r.x, r.y, r.w, r.h};
}

}  // namespace

Painter::Painter(SDL_Renderer* renderer, FontSet& fonts, const Theme& theme)
    : renderer_(renderer), fonts_(fonts), theme_(theme), text_(renderer, fonts), boxes_(renderer) {}

Painter::~Painter() {
    for (auto& [key, texture] : discs_) SDL_DestroyTexture(texture);
    if (qrTexture_)
        SDL_DestroyTexture(qrTexture_);
}

void Painter::forgetText() {
    text_.clear();
    fonts_.forgetText();
    if (qrTexture_)
        SDL_DestroyTexture(qrTexture_);
    qrTexture_ = nullptr;
    qrData_.clear();
}

// A disc of colour `c` whose alpha is its coverage (4x4 samples per pixel) times c's alpha.
SDL_Texture* Painter::disc(int diameter, Color c) {
    const std::uint32_t rgba =
        (std::uint32_t{c.r} << 24) | (std::uint32_t{c.g} << 16) | (std::uint32_t{c.b} << 8) | c.a;
    const auto key = std::make_pair(diameter, rgba);
    if (auto it = discs_.find(key); it != discs_.end())
        return it->second;
    SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, diameter, diameter, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return nullptr;
    const double r = diameter / 2.0;
    const Uint32 colour = (Uint32{c.r} << 16) | (Uint32{c.g} << 8) | c.b;
    for (int y = 0; y < diameter; ++y) {
        auto* row = reinterpret_cast<Uint32*>(static_cast<Uint8*>(s->pixels) + y * s->pitch);
        for (int x = 0; x < diameter; ++x) {
            int inside = 0;
            for (int sy = 0; sy < 4; ++sy)
                for (int sx = 0; sx < 4; ++sx) {
                    const double dx = x + (sx + 0.5) / 4 - r;
                    const double dy = y + (sy + 0.5) / 4 - r;
                    inside += dx * dx + dy * dy <= r * r ? 1 : 0;
                }
            const Uint32 alpha = static_cast<Uint32>(inside * c.a / 16);
            row[x] = (alpha << 24) | colour;
        }
    }
    SDL_Texture* t = SDL_CreateTextureFromSurface(renderer_, s);
    SDL_FreeSurface(s);
    if (t)
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    discs_[key] = t;
    return t;
}

void Painter::fill(const Rect& r, Color colour) {
    if (r.w <= 0 || r.h <= 0)
        return;
    const Color c = ink(colour);
    SDL_SetRenderDrawBlendMode(renderer_, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(renderer_, c.r, c.g, c.b, c.a);
    const SDL_Rect rect = sdl(r);
    SDL_RenderFillRect(renderer_, &rect);
}

void Painter::fillRounded(const Rect& r, int radius, Color c) {
    const int rad = std::min({radius, r.w / 2, r.h / 2});
    if (rad <= 1) {
        fill(r, c);
        return;
    }
    SDL_Texture* mask = disc(2 * rad, ink(c));
    if (!mask) {
        fill(r, c);
        return;
    }
    const SDL_Rect corners[4][2] = {
        {{0, 0, rad, rad}, {r.x, r.y, rad, rad}},
        {{rad, 0, rad, rad}, {r.right() - rad, r.y, rad, rad}},
        {{0, rad, rad, rad}, {r.x, r.bottom() - rad, rad, rad}},
        {{rad, rad, rad, rad}, {r.right() - rad, r.bottom() - rad, rad, rad}},
    };
    for (const auto& corner : corners) SDL_RenderCopy(renderer_, mask, &corner[0], &corner[1]);
    fill({r.x + rad, r.y, r.w - 2 * rad, r.h}, c);
    fill({r.x, r.y + rad, rad, r.h - 2 * rad}, c);
    fill({r.right() - rad, r.y + rad, rad, r.h - 2 * rad}, c);
}

void Painter::fillCircle(int cx, int cy, int radius, Color c) {
    if (radius <= 0)
        return;
    SDL_Texture* mask = disc(2 * radius, ink(c));
    if (!mask)
        return;
    const SDL_Rect dst{cx - radius, cy - radius, 2 * radius, 2 * radius};
    SDL_RenderCopy(renderer_, mask, nullptr, &dst);
}

void Painter::drawBox(const Widget& w) {
    if (!w.fill)
        return;
    const bool bordered = w.border && w.borderWidth > 0;
    if (w.radius <= 0 && !bordered) {
        fill(w.rect, *w.fill);
        return;
    }
    // Boxes of up to a quarter of the screen come from the cache; bigger ones are filled piece by piece.
    const long area = static_cast<long>(w.rect.w) * w.rect.h;
    if (area <= static_cast<long>(theme_.width) * theme_.height / 4) {
        BoxStyle style{w.rect.w,
                       w.rect.h,
                       w.radius,
                       ink(*w.fill),
                       ink(w.border.value_or(*w.fill)),
                       bordered ? w.borderWidth : 0};
        if (SDL_Texture* box = boxes_.box(style)) {
            const SDL_Rect dst = sdl(w.rect);
            SDL_RenderCopy(renderer_, box, nullptr, &dst);
            return;
        }
    }
    if (bordered) {
        fillRounded(w.rect, w.radius, *w.border);
        fillRounded(w.rect.inset(w.borderWidth, w.borderWidth), std::max(0, w.radius - w.borderWidth),
                    *w.fill);
    } else {
        fillRounded(w.rect, w.radius, *w.fill);
    }
}

void Painter::drawText(const Widget& w) {
    if (w.lines.empty())
        return;
    const Rect area = w.textArea();
    const int blockH = static_cast<int>(w.lines.size()) * w.lineHeight;
    int y = area.y;
    if (w.valign == Align::centre)
        y += std::max(0, (area.h - blockH) / 2);
    else if (w.valign == Align::end)
        y += std::max(0, area.h - blockH);
    for (const std::string& text : w.lines) {
        if (!text.empty()) {
            const TextCache::Line line = text_.line(text, w.textPx, w.bold, ink(w.textColor));
            if (line.texture) {
                int x = area.x;
                if (w.align == Align::centre)
                    x += (area.w - line.w) / 2;
                else if (w.align == Align::end)
                    x += area.w - line.w;
                const SDL_Rect dst{x, y + (w.lineHeight - line.h) / 2, line.w, line.h};
                SDL_RenderCopy(renderer_, line.texture, nullptr, &dst);
            }
        }
        y += w.lineHeight;
    }
}

void Painter::drawFace(const Widget& w) {
    const Rect& r = w.rect;
    const int d = std::min(r.w, r.h);
    const int cx = r.x + r.w / 2;
    const int cy = r.y + r.h / 2;
    fillCircle(cx, cy, d / 2, w.fill.value_or(theme_.faceFills[2]));
    const int eye = std::max(2, d * 7 / 100);
    fillCircle(cx - d * 17 / 100, cy - d * 12 / 100, eye, w.textColor);
    fillCircle(cx + d * 17 / 100, cy - d * 12 / 100, eye, w.textColor);
    // The mouth: a parabola from a frown (level 1) to a broad smile (level 5), drawn as a row of dots.
    const double bend = (w.level - 3) / 2.0;
    const double half = d * 0.22;
    const int dot = std::max(2, d * 4 / 100);
    const int steps = std::max(8, static_cast<int>(half));
    for (int i = 0; i <= steps; ++i) {
        const double u = -1.0 + 2.0 * i / steps;
        const double x = cx + u * half;
        const double y = cy + d * 0.2 + bend * d * 0.1 * (1 - u * u) - bend * d * 0.05;
        fillCircle(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)), dot, w.textColor);
    }
}

void Painter::drawQr(const Widget& w) {
    fill(w.rect, w.fill.value_or(theme_.qrLight));
    if (w.data != qrData_ || !qrTexture_) {
        if (qrTexture_)
            SDL_DestroyTexture(qrTexture_);
        qrTexture_ = nullptr;
        qrData_ = w.data;
        auto modules = encodeQr(w.data);
        if (!modules) {
            log::error("screens", "receipt QR not drawn: " + modules.error().message);
            return;
        }
        SDL_Surface* s =
            SDL_CreateRGBSurfaceWithFormat(0, modules->size, modules->size, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!s)
            return;
        const Color dark = theme_.qrDark;
        const Color light = theme_.qrLight;
        for (int y = 0; y < modules->size; ++y) {
            auto* row = reinterpret_cast<Uint32*>(static_cast<Uint8*>(s->pixels) + y * s->pitch);
            for (int x = 0; x < modules->size; ++x) {
                const Color c = modules->at(x, y) ? dark : light;
                row[x] = 0xFF000000u | (Uint32{c.r} << 16) | (Uint32{c.g} << 8) | c.b;
            }
        }
        qrTexture_ = SDL_CreateTextureFromSurface(renderer_, s);
        if (qrTexture_)
            SDL_SetTextureScaleMode(qrTexture_, SDL_ScaleModeNearest);
        qrModules_ = modules->size;
        SDL_FreeSurface(s);
    }
    if (!qrTexture_ || qrModules_ == 0)
        return;
    const Color light = ink(theme_.qrLight);
    SDL_SetTextureColorMod(qrTexture_, light.r, light.g, light.b);
    // Whole pixels per module and a quiet zone of four modules, so the code scans from the screen.
    const int scale = std::max(1, std::min(w.rect.w, w.rect.h) / (qrModules_ + 8));
    const int size = scale * qrModules_;
    const SDL_Rect dst{w.rect.x + (w.rect.w - size) / 2, w.rect.y + (w.rect.h - size) / 2, size, size};
    SDL_RenderCopy(renderer_, qrTexture_, nullptr, &dst);
}

void Painter::drawCardReader(const Widget& w) {
    const Rect& r = w.rect;
    const Theme& t = theme_;
    const Rect reader{r.x, r.y + r.h * 56 / 100, r.w, r.h * 44 / 100};
    fillRounded(reader, r.w / 16, t.readerBody);
    fillRounded({reader.x + reader.w * 15 / 100, reader.y + reader.h / 8, reader.w * 70 / 100, reader.h / 3},
                r.w / 40, t.readerPad);
    // The card, hovering over the reader's pad, with an arrow pointing down to it.
    const int cardW = r.w * 56 / 100;
    const int cardH = cardW * 54 / 86;
    const Rect card{r.x + (r.w - cardW) / 2, r.y, cardW, cardH};
    fillRounded(card, cardW / 14, t.cardInk);
    const Rect face = card.inset(t.px(4), t.px(4));
    fillRounded(face, cardW / 14 - t.px(4), t.cardFill);
    fillRounded(
        {face.right() - face.w * 30 / 100, face.y + face.h * 15 / 100, face.w * 22 / 100, face.h * 50 / 100},
        t.px(6), t.cardInk);
    for (int i = 0; i < 4; ++i)
        fill({face.x + face.w / 10, face.y + face.h * (18 + 16 * i) / 100, face.w * (i == 3 ? 30 : 50) / 100,
              std::max(2, face.h / 16)},
             t.cardInk);
    const int arrowTop = card.bottom() + r.h / 40;
    const int arrowBottom = reader.y - r.h / 40;
    const int shaft = std::max(4, r.w / 40);
    const int cx = r.x + r.w / 2;
    const int head = std::min(r.w / 10, (arrowBottom - arrowTop) / 2);
    fill({cx - shaft / 2, arrowTop, shaft, arrowBottom - arrowTop - head}, t.primaryFill);
    const Color arrow = ink(t.primaryFill);
    const SDL_Color tipColour{arrow.r, arrow.g, arrow.b, 255};
    const SDL_Vertex tip[3] = {
        {{static_cast<float>(cx - head), static_cast<float>(arrowBottom - head)}, tipColour, {0, 0}},
        {{static_cast<float>(cx + head), static_cast<float>(arrowBottom - head)}, tipColour, {0, 0}},
        {{static_cast<float>(cx), static_cast<float>(arrowBottom)}, tipColour, {0, 0}},
    };
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
    SDL_RenderGeometry(renderer_, nullptr, tip, 3, nullptr, 0);
}

void Painter::drawSpinner(const Widget& w) {
    const Rect& r = w.rect;
    const int cx = r.x + r.w / 2;
    const int cy = r.y + r.h / 2;
    const int ring = std::min(r.w, r.h) / 2 - r.w / 10;
    const int dot = std::max(3, r.w / 14);
    for (int i = 0; i < 8; ++i) {
        const double a = i * 3.14159265358979 / 4;
        const Color c = i == w.level ? w.fill.value_or(theme_.primaryFill) : theme_.progressPending;
        fillCircle(cx + static_cast<int>(std::lround(ring * std::sin(a))),
                   cy - static_cast<int>(std::lround(ring * std::cos(a))), dot, c);
    }
}

void Painter::drawWritingPad(const Widget& w) {
    drawBox(w);
    // The 田 guide: a dashed cross, light, to help place and size the character.
    const Rect& r = w.rect;
    const Color guide = theme_.progressPending;
    const int dash = std::max(6, r.w / 40);
    const int thick = std::max(2, theme_.borderWidth / 2);
    for (int x = r.x + dash; x + dash < r.right(); x += 2 * dash)
        fill({x, r.y + r.h / 2 - thick / 2, dash, thick}, guide);
    for (int y = r.y + dash; y + dash < r.bottom(); y += 2 * dash)
        fill({r.x + r.w / 2 - thick / 2, y, thick, dash}, guide);
    // The ink: round dots along each stroke, close enough to make a line as thick as a finger's trace.
    const int pen = std::max(4, std::min(r.w, r.h) / 45);
    for (const auto& stroke : w.strokes) {
        for (std::size_t i = 0; i < stroke.size(); ++i) {
            const Point a = stroke[i];
            const Point b = i + 1 < stroke.size() ? stroke[i + 1] : a;
            const int steps =
                std::max(1, std::max(std::abs(b.x - a.x), std::abs(b.y - a.y)) / std::max(1, pen / 2));
            for (int s = 0; s < steps; ++s)
                fillCircle(a.x + (b.x - a.x) * s / steps, a.y + (b.y - a.y) * s / steps, pen, w.textColor);
        }
    }
}

void Painter::draw(const Frame& frame, std::string_view pressedId) {
    // Under a dialog, what lies beneath is drawn already darkened by the scrim's colour: the same picture as
    // blending the scrim over it, without blending a whole screen of pixels every frame.
    std::optional<Color> scrim;
    for (const Widget& w : frame.widgets)
        if (w.kind == WidgetKind::scrim)
            scrim = w.fill.value_or(theme_.scrim);
    shade_ = scrim;
    const Color background = ink(frame.background);
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(renderer_, background.r, background.g, background.b, 255);
    SDL_RenderClear(renderer_);
    for (const Widget& w : frame.widgets) {
        switch (w.kind) {
        case WidgetKind::panel:
        case WidgetKind::label:
        case WidgetKind::button:
        case WidgetKind::badge: drawBox(w); break;
        case WidgetKind::scrim: shade_.reset(); continue;  // everything after it is drawn as it is
        case WidgetKind::face: drawFace(w); break;
        case WidgetKind::qr: drawQr(w); break;
        case WidgetKind::cardReader: drawCardReader(w); break;
        case WidgetKind::spinner: drawSpinner(w); break;
        case WidgetKind::writingPad: drawWritingPad(w); break;
        }
        drawText(w);
        if (!pressedId.empty() && w.id == pressedId && w.tappable())
            fillRounded(w.rect, w.radius, {0, 0, 0, 56});
    }
    shade_.reset();
}

}  // namespace yimen::screens
