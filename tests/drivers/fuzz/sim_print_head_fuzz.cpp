// Fuzz target: whatever parses must lay out on the simulated printer's paper without crashing or running
// away.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "drivers/glyphs/glyph_rasterizer.h"
#include "drivers/protocol/escpos_parser.h"
#include "drivers/sim/thermal_print_head.h"

using namespace yimen::drivers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::unique_ptr<glyphs::GlyphRasterizer> glyphs = [] {
        auto opened = glyphs::GlyphRasterizer::open();
        if (!opened) {
            std::abort();
        }
        return std::move(*opened);
    }();
    auto ops = protocol::parseEscPos({data, size});
    if (!ops) {
        return 0;
    }
    sim::ThermalPrintHead head(size % 2 == 0 ? 576 : 384, *glyphs);
    head.beginJob();
    for (const auto& op : *ops) {
        if (!head.execute(op)) {
            break;
        }
    }
    for (const sim::PaperCanvas& receipt : head.takeCutReceipts()) {
        if (receipt.height() > sim::ThermalPrintHead::kMaxReceiptDots) {
            std::abort();
        }
    }
    return 0;
}
