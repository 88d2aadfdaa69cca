// The candidate bar: candidates flowed into rows, the group buttons on the right.
#include "screens/candidate_bar.h"

#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/key_grid.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

// Two rows of candidates in portrait, where there is room, one in landscape.
int candidateRows(const Theme& t) {
    return t.landscape() ? 1 : 2;
}

}  // namespace

int candidateBarHeight(const Theme& t) {
    const int rows = candidateRows(t);
    return rows * preferredKeyHeight(t) + (rows - 1) * t.smallGap;
}

// The candidates in rows from the left, 更多 on the right of the last row and 前一组 on the right of the
// first (before the candidates when there is one row).
void candidateBar(FrameBuilder& b, Rect bar, const std::string& prompt) {
    const Theme& t = b.theme;
    const CandidateList& c = b.ui.candidates;
    const int gap = t.smallGap;
    if (c.items.empty()) {
        b.label("ime.prompt", bar, prompt, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    const int rows = candidateRows(t);
    const int rowH = preferredKeyHeight(t);
    const int sideW = std::max(b.buttonWidth(texts::kEarlierCandidates, ButtonStyle::secondary),
                               b.buttonWidth(texts::kMoreCandidates, ButtonStyle::secondary));
    const bool earlier = c.first > 0;
    const int left = rows == 1 && earlier ? bar.x + sideW + gap : bar.x;
    const int right = bar.right() - sideW - gap;
    int x = left;
    int row = 0;
    std::size_t shown = 0;
    for (const std::string& candidate : c.items) {
        const int w = std::min(
            right - left, std::max(t.minTarget, b.textWidth(candidate, t.buttonPx, true) + 2 * t.padding));
        if (x + w > right) {
            if (row + 1 == rows)
                break;
            ++row;
            x = left;
        }
        const std::size_t index = c.first + shown;
        b.button("ime.candidate." + std::to_string(index), {x, bar.y + row * (rowH + gap), w, rowH},
                 candidate, uiAction(UiCommand::chooseCandidate, {}, static_cast<int>(index)),
                 ButtonStyle::option);
        x += w + gap;
        ++shown;
    }
    const int sideX = bar.right() - sideW;
    if (earlier)
        b.button("ime.earlier", {rows == 1 ? bar.x : sideX, bar.y, sideW, rowH}, texts::kEarlierCandidates,
                 uiAction(UiCommand::earlierCandidates), ButtonStyle::secondary);
    if (c.more || shown < c.items.size())
        b.button("ime.more", {sideX, bar.y + (rows - 1) * (rowH + gap), sideW, rowH}, texts::kMoreCandidates,
                 uiAction(UiCommand::moreCandidates, {}, static_cast<int>(c.first + shown)),
                 ButtonStyle::secondary);
}

}  // namespace yimen::screens
