// Draws frames with an SDL renderer: shapes with anti-aliased corners, cached text, faces, QR codes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "screens/box_cache.h"
#include "screens/font_set.h"
#include "screens/text_cache.h"
#include "screens/theme.h"
#include "screens/widget.h"

struct SDL_Renderer;
struct SDL_Texture;

namespace yimen::screens {

// Borrows the renderer and the fonts for its lifetime. Text overflow is drawn as it is (never clipped), and
// was already flagged by the builder. Not thread-safe: the UI thread.
class Painter {
public:
    Painter(SDL_Renderer* renderer, FontSet& fonts, const Theme& theme);
    ~Painter();
    Painter(const Painter&) = delete;
    Painter& operator=(const Painter&) = delete;

    // Clears the target and draws every widget in order; `pressedId` is drawn pressed.
    void draw(const Frame& frame, std::string_view pressedId = {});
    // Forgets every rendered text and QR code (called when a citizen's session ends).
    void forgetText();
    const TextCache& textCache() const { return text_; }

private:
    void fill(const Rect& r, Color c);
    void fillRounded(const Rect& r, int radius, Color c);
    void fillCircle(int cx, int cy, int radius, Color c);
    void drawBox(const Widget& w);
    void drawText(const Widget& w);
    void drawFace(const Widget& w);
    void drawQr(const Widget& w);
    void drawCardReader(const Widget& w);
    void drawSpinner(const Widget& w);
    void drawWritingPad(const Widget& w);
    SDL_Texture* disc(int diameter, Color c);
    // The colour as seen through the dialog's scrim when drawing what lies under it.
    Color ink(Color c) const { return shade_ ? composite(*shade_, c) : c; }

    SDL_Renderer* renderer_;
    FontSet& fonts_;
    const Theme& theme_;
    TextCache text_;
    BoxCache boxes_;
    std::optional<Color> shade_;  // set while drawing the widgets under a scrim
    // Anti-aliased discs by (diameter, colour), already tinted: the software renderer re-prepares a blit each
    // time a texture's colour modulation changes, which made per-corner tinting the most expensive part of a
    // frame.
    std::map<std::pair<int, std::uint32_t>, SDL_Texture*> discs_;
    std::string qrData_;
    SDL_Texture* qrTexture_ = nullptr;
    int qrModules_ = 0;
};

}  // namespace yimen::screens
