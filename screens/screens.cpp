// buildFrame: picks the screen's builder and adds the overlays.
#include "screens/screens.h"

#include "kiosk/core/texts.h"
#include "screens/screen_builders.h"

namespace yimen::screens {

std::string labelled(const char* label, const std::string& value) {
    return std::string(label) + kiosk::texts::kLabelSeparator + value;
}

Rect bodyArea(const FrameBuilder& b, int top, int bottom) {
    const Theme& t = b.theme;
    return {t.margin, top + t.gap, t.width - 2 * t.margin, bottom - top - 2 * t.gap};
}

Frame buildFrame(const kiosk::SessionState& state, const Theme& theme, TextMeasure& measure,
                 const UiState& ui, const UiConfig& config) {
    FrameBuilder b(theme, measure, ui, config, state);
    using kiosk::Screen;
    switch (state.screen) {
    case Screen::home: buildHome(b); break;
    case Screen::unavailable: buildUnavailable(b); break;
    case Screen::catalog: buildCatalog(b); break;
    case Screen::item: buildItem(b); break;
    case Screen::identify: buildIdentify(b); break;
    case Screen::form: buildForm(b); break;
    case Screen::review: buildReview(b); break;
    case Screen::submitting: buildSubmitting(b); break;
    case Screen::receipt: buildReceipt(b); break;
    case Screen::rating: buildRating(b); break;
    case Screen::trackScan: buildTrackScan(b); break;
    case Screen::trackEntry: buildTrackEntry(b); break;
    case Screen::trackWaiting: buildTrackWaiting(b); break;
    case Screen::trackResult: buildTrackResult(b); break;
    case Screen::rateLevel: buildRateLevel(b); break;
    case Screen::rateReasons: buildRateReasons(b); break;
    }
    addToast(b);
    addIdleDialog(b);
    return b.take();
}

}  // namespace yimen::screens
