// PaperCanvas: a bounded dot matrix that grows as the paper is fed.
#include "drivers/sim/paper_canvas.h"

#include <algorithm>
#include <cstddef>
#include <string>

namespace yimen::drivers::sim {

PaperCanvas::PaperCanvas(int width, int maxHeight) : width_(std::max(width, 1)), maxHeight_(maxHeight) {}

bool PaperCanvas::dot(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) {
        return false;
    }
    return dots_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                 static_cast<std::size_t>(x)] != 0;
}

Status PaperCanvas::extendTo(int height) {
    if (height <= height_) {
        return {};
    }
    if (height > maxHeight_) {
        return fail(ErrorCode::invalidInput,
                    "the receipt would be longer than " + std::to_string(maxHeight_) + " dots without a cut");
    }
    height_ = height;
    dots_.resize(static_cast<std::size_t>(height_) * static_cast<std::size_t>(width_), 0);
    return {};
}

Status PaperCanvas::draw(const protocol::MonoBitmap& bitmap, int x, int y, int scaleX, int scaleY) {
    scaleX = std::max(scaleX, 1);
    scaleY = std::max(scaleY, 1);
    const long long bottom = static_cast<long long>(y) + static_cast<long long>(bitmap.height) * scaleY;
    if (bottom > maxHeight_) {
        return fail(ErrorCode::invalidInput,
                    "the receipt would be longer than " + std::to_string(maxHeight_) + " dots without a cut");
    }
    if (Status s = extendTo(static_cast<int>(bottom)); !s) {
        return s;
    }
    for (int by = 0; by < bitmap.height; ++by) {
        for (int bx = 0; bx < bitmap.width; ++bx) {
            if (!bitmap.dot(bx, by)) {
                continue;
            }
            for (int sy = 0; sy < scaleY; ++sy) {
                const int py = y + by * scaleY + sy;
                if (py < 0) {
                    continue;
                }
                for (int sx = 0; sx < scaleX; ++sx) {
                    const long long px = static_cast<long long>(x) + static_cast<long long>(bx) * scaleX + sx;
                    if (px >= 0 && px < width_) {
                        dots_[static_cast<std::size_t>(py) * static_cast<std::size_t>(width_) +
                              static_cast<std::size_t>(px)] = 1;
                    }
                }
            }
        }
    }
    return {};
}

Status PaperCanvas::dashedLine(int y, int thickness, int dash, int gap) {
    if (Status s = extendTo(y + thickness); !s) {
        return s;
    }
    const int period = std::max(dash + gap, 1);
    for (int row = std::max(y, 0); row < y + thickness; ++row) {
        for (int x = 0; x < width_; ++x) {
            if (x % period < dash) {
                dots_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) +
                      static_cast<std::size_t>(x)] = 1;
            }
        }
    }
    return {};
}

}  // namespace yimen::drivers::sim
