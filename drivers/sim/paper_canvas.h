// The paper of one receipt as the print head sees it: a fixed width of dots, growing downwards as it is fed.
#pragma once

#include <cstdint>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::sim {

// One byte per dot (0 white, 1 black), rows of width() dots. Not thread-safe; owned by one print head.
class PaperCanvas {
public:
    // `maxHeight` bounds the paper of one receipt, so a job that feeds forever cannot exhaust memory.
    PaperCanvas(int width, int maxHeight);

    int width() const { return width_; }
    int height() const { return height_; }
    bool empty() const { return height_ == 0; }
    bool dot(int x, int y) const;

    // Makes the paper at least `height` dots long (white). Errors: invalidInput past maxHeight.
    [[nodiscard]] Status extendTo(int height);
    // Blacks the dots of `bitmap` at (x, y), each bitmap dot scaled to scaleX x scaleY dots. Dots that fall
    // off the paper's width are dropped, as the head has no elements there; the paper is extended downwards
    // as needed. Errors: invalidInput past maxHeight.
    [[nodiscard]] Status draw(const protocol::MonoBitmap& bitmap, int x, int y, int scaleX = 1,
                              int scaleY = 1);
    // A dashed line across the paper, `thickness` dots from row y.
    [[nodiscard]] Status dashedLine(int y, int thickness, int dash, int gap);

    const std::vector<std::uint8_t>& dots() const { return dots_; }

private:
    int width_;
    int maxHeight_;
    int height_ = 0;
    std::vector<std::uint8_t> dots_;
};

}  // namespace yimen::drivers::sim
