// GlyphRasterizer: SDL_ttf glyphs, rendered without anti-aliasing and fitted into fixed printer cells.
#include "drivers/glyphs/glyph_rasterizer.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_map>

namespace yimen::drivers::glyphs {
namespace {

std::mutex& ttfMutex() {
    static std::mutex m;
    return m;
}

constexpr std::size_t kMaxCachedGlyphs = 4096;
// The character whose ink centres a CJK glyph vertically in its cell.
constexpr char32_t kCalibrationCharacter = U'国';

struct SurfaceDeleter {
    void operator()(SDL_Surface* s) const { SDL_FreeSurface(s); }
};
using SurfacePtr = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

// Ink of a glyph surface from TTF_RenderGlyph32_Solid: an 8-bit surface where index 0 is the background.
bool inkAt(const SDL_Surface* s, int x, int y) {
    if (x < 0 || y < 0 || x >= s->w || y >= s->h) {
        return false;
    }
    const auto* row = static_cast<const Uint8*>(s->pixels) + static_cast<std::ptrdiff_t>(y) * s->pitch;
    return row[x] != 0;
}

SurfacePtr renderSolid(TTF_Font* font, char32_t cp) {
    SDL_Surface* raw = TTF_RenderGlyph32_Solid(font, static_cast<Uint32>(cp), SDL_Color{0, 0, 0, 255});
    if (raw == nullptr) {
        return nullptr;
    }
    if (raw->format->BytesPerPixel != 1) {
        SDL_FreeSurface(raw);
        return nullptr;
    }
    return SurfacePtr(raw);
}

}  // namespace

struct GlyphRasterizer::Impl {
    struct Face {
        FontFace source;
        std::map<int, TTF_Font*> bySize;   // pixel size -> font
        std::map<int, int> cellTopBySize;  // pixel size -> surface row at the top of the cell
    };

    std::vector<Face> faces;
    std::unordered_map<std::uint64_t, protocol::MonoBitmap> cache;

    ~Impl() {
        for (Face& f : faces) {
            for (auto& [size, font] : f.bySize) {
                if (font != nullptr) {
                    TTF_CloseFont(font);
                }
            }
        }
        TTF_Quit();
    }

    TTF_Font* fontFor(Face& face, int px) {
        auto it = face.bySize.find(px);
        if (it != face.bySize.end()) {
            return it->second;
        }
        TTF_Font* font = TTF_OpenFontIndex(face.source.path.c_str(), px, face.source.index);
        if (font != nullptr) {
            TTF_SetFontHinting(font, TTF_HINTING_MONO);
        }
        face.bySize.emplace(px, font);
        return font;
    }

    // Places the em box in the cell so that a full-height CJK character is centred vertically, whatever the
    // face's ascent and line gap.
    int cellTop(Face& face, TTF_Font* font, int px) {
        auto it = face.cellTopBySize.find(px);
        if (it != face.cellTopBySize.end()) {
            return it->second;
        }
        int top = TTF_FontAscent(font) - static_cast<int>(std::lround(0.88 * px));
        if (TTF_GlyphIsProvided32(font, static_cast<Uint32>(kCalibrationCharacter))) {
            if (SurfacePtr s = renderSolid(font, kCalibrationCharacter)) {
                int first = -1;
                int last = -1;
                for (int y = 0; y < s->h; ++y) {
                    for (int x = 0; x < s->w; ++x) {
                        if (inkAt(s.get(), x, y)) {
                            first = first < 0 ? y : first;
                            last = y;
                            break;
                        }
                    }
                }
                if (first >= 0) {
                    top = (first + last + 1) / 2 - px / 2;
                }
            }
        }
        face.cellTopBySize.emplace(px, top);
        return top;
    }

    protocol::MonoBitmap render(char32_t cp, int baseCellWidth, int widthScale, int heightScale) {
        const int px = protocol::kCellHeight * heightScale;
        const int fitWidth = baseCellWidth * heightScale;  // the cell at the glyph's own aspect ratio
        protocol::MonoBitmap cell(baseCellWidth * widthScale, px);
        for (Face& face : faces) {
            TTF_Font* font = fontFor(face, px);
            if (font == nullptr || !TTF_GlyphIsProvided32(font, static_cast<Uint32>(cp))) {
                continue;
            }
            SurfacePtr s = renderSolid(font, cp);
            if (!s) {
                return cell;
            }
            const int top = cellTop(face, font, px);
            const bool locked = SDL_MUSTLOCK(s.get()) && SDL_LockSurface(s.get()) == 0;
            for (int x = 0; x < cell.width; ++x) {
                // Stretch horizontally by widthScale / heightScale, then centre a narrow glyph in its cell or
                // squeeze a wide one into it, as a fixed-pitch printer font does.
                const int u = x * fitWidth / cell.width;
                const int sx = s->w <= fitWidth ? u - (fitWidth - s->w) / 2 : u * s->w / fitWidth;
                for (int y = 0; y < cell.height; ++y) {
                    if (inkAt(s.get(), sx, y + top)) {
                        cell.setDot(x, y);
                    }
                }
            }
            if (locked) {
                SDL_UnlockSurface(s.get());
            }
            return cell;
        }
        // No face has it: an empty box inside the cell.
        const int inset = std::max(1, heightScale);
        for (int x = inset; x < cell.width - inset; ++x) {
            cell.setDot(x, inset);
            cell.setDot(x, cell.height - 1 - inset);
        }
        for (int y = inset; y < cell.height - inset; ++y) {
            cell.setDot(inset, y);
            cell.setDot(cell.width - 1 - inset, y);
        }
        return cell;
    }
};

std::vector<GlyphRasterizer::FontFace> GlyphRasterizer::defaultFaces() {
    return {{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
            {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0}};
}

Expected<std::unique_ptr<GlyphRasterizer>> GlyphRasterizer::open(const std::vector<FontFace>& faces) {
    std::lock_guard lock(ttfMutex());
    // TTF_Init is reference-counted; Impl's destructor calls the matching TTF_Quit.
    if (TTF_Init() != 0) {
        return fail(ErrorCode::io, std::string("cannot start the font renderer: ") + TTF_GetError());
    }
    auto impl = std::make_unique<Impl>();
    std::string tried;
    for (const FontFace& source : faces) {
        tried += (tried.empty() ? "" : ", ") + source.path;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(source.path, ec)) {
            continue;
        }
        Impl::Face face{source, {}, {}};
        if (impl->fontFor(face, protocol::kCellHeight) == nullptr) {
            continue;
        }
        impl->faces.push_back(std::move(face));
    }
    if (impl->faces.empty()) {
        return fail(ErrorCode::notFound,
                    "no usable CJK font (tried " + tried + "); install fonts-noto-cjk or fonts-wqy-microhei");
    }
    return std::unique_ptr<GlyphRasterizer>(new GlyphRasterizer(std::move(impl)));
}

GlyphRasterizer::GlyphRasterizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

GlyphRasterizer::~GlyphRasterizer() {
    std::lock_guard lock(ttfMutex());
    impl_.reset();
}

protocol::MonoBitmap GlyphRasterizer::glyph(char32_t codePoint, int baseCellWidth, int widthScale,
                                            int heightScale) {
    widthScale = std::clamp(widthScale, 1, protocol::kMaxCharacterScale);
    heightScale = std::clamp(heightScale, 1, protocol::kMaxCharacterScale);
    baseCellWidth = std::clamp(baseCellWidth, 1, protocol::kCjkCellWidth);
    const std::uint64_t key =
        static_cast<std::uint64_t>(codePoint) | (static_cast<std::uint64_t>(baseCellWidth) << 32) |
        (static_cast<std::uint64_t>(widthScale) << 40) | (static_cast<std::uint64_t>(heightScale) << 48);
    std::lock_guard lock(ttfMutex());
    auto it = impl_->cache.find(key);
    if (it != impl_->cache.end()) {
        return it->second;
    }
    if (impl_->cache.size() >= kMaxCachedGlyphs) {
        impl_->cache.clear();
    }
    protocol::MonoBitmap cell = impl_->render(codePoint, baseCellWidth, widthScale, heightScale);
    impl_->cache.emplace(key, cell);
    return cell;
}

std::string GlyphRasterizer::mainFamily() const {
    std::lock_guard lock(ttfMutex());
    Impl::Face& face = impl_->faces.front();
    TTF_Font* font = impl_->fontFor(face, protocol::kCellHeight);
    const char* family = font != nullptr ? TTF_FontFaceFamilyName(font) : nullptr;
    return family != nullptr ? family : face.source.path;
}

}  // namespace yimen::drivers::glyphs
