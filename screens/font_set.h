// The kiosk's fonts (Noto Sans CJK SC, WenQuanYi Micro Hei as fallback), one face per weight, with
// measurement.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/error.h"
#include "screens/text_measure.h"

typedef struct _TTF_Font TTF_Font;

namespace yimen::screens {

struct FontFace {
    std::string path;
    long index = 0;  // face index inside a .ttc collection
};

struct FontFiles {
    std::vector<FontFace> regular;  // tried in order
    std::vector<FontFace> bold;     // tried in order; when none opens, the regular face is emboldened
};

// Noto Sans CJK SC Regular and Bold (face 2 of Debian's .ttc files), then WenQuanYi Micro Hei.
FontFiles defaultFontFiles();

// Opens a font per (size, weight) on first use and keeps it. Measurements are cached by a hash of the text,
// so no string a citizen typed is kept as a key; forgetText() drops the cache. Not thread-safe: the UI
// thread. Needs SDL_ttf only (no SDL video).
class FontSet final : public TextMeasure {
public:
    // Opens the first regular face that works, to fail early. Errors: notFound (no usable font file).
    [[nodiscard]] static Expected<std::unique_ptr<FontSet>> open(FontFiles files = defaultFontFiles());
    ~FontSet() override;
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // The face of that weight set to `px`, valid until the next call; never null once open() succeeded.
    TTF_Font* font(int px, bool bold);
    // The family name of the regular face in use, e.g. "Noto Sans CJK SC".
    std::string familyName();

    int textWidth(std::string_view utf8, int px, bool bold) override;
    int lineHeight(int px, bool bold) override;

    // Drops every cached measurement (called when a citizen's session ends).
    void forgetText();
    std::size_t cachedMeasurements() const { return widths_.size(); }

private:
    FontSet(TTF_Font* regular, TTF_Font* bold, int size);

    TTF_Font* regular_;
    TTF_Font* bold_;
    int regularPx_;
    int boldPx_;
    std::map<std::pair<int, bool>, int> lineHeights_;
    std::unordered_map<std::uint64_t, int> widths_;
};

}  // namespace yimen::screens
