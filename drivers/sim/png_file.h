// Saving a printed receipt as a PNG image: one pixel per printer dot, black on white.
#pragma once

#include <filesystem>

#include "common/error.h"
#include "drivers/sim/paper_canvas.h"

namespace yimen::drivers::sim {

// Writes `paper` to `path` (replacing it) through an SDL software surface; needs no window and no SDL_Init.
// Errors: io when the surface cannot be made or the file cannot be written. Any thread.
[[nodiscard]] Status savePng(const PaperCanvas& paper, const std::filesystem::path& path);

}  // namespace yimen::drivers::sim
