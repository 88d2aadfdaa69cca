// The per-screen builders behind buildFrame, one source file each.
#pragma once

#include <string>

#include "screens/frame_builder.h"

namespace yimen::screens {

void buildHome(FrameBuilder& b);
void buildUnavailable(FrameBuilder& b);
void buildCatalog(FrameBuilder& b);
void buildItem(FrameBuilder& b);
void buildIdentify(FrameBuilder& b);
void buildForm(FrameBuilder& b);
void buildReview(FrameBuilder& b);
void buildSubmitting(FrameBuilder& b);
void buildReceipt(FrameBuilder& b);
void buildRating(FrameBuilder& b);
void buildTrackScan(FrameBuilder& b);
void buildTrackEntry(FrameBuilder& b);
void buildTrackWaiting(FrameBuilder& b);
void buildTrackResult(FrameBuilder& b);
void buildRateLevel(FrameBuilder& b);
void buildRateReasons(FrameBuilder& b);

// The five levels, best first, each a button "<idPrefix>.<level>" emitting ev::Rate, inside `area`.
void ratingLevels(FrameBuilder& b, Rect area, const std::string& idPrefix);
// Overlays, drawn over any screen.
void addToast(FrameBuilder& b);
void addIdleDialog(FrameBuilder& b);

// "回执号：YM…": a label, the separator, a value.
std::string labelled(const char* label, const std::string& value);

// The body area between the header (and progress) and the nav bar, inside the margins.
Rect bodyArea(const FrameBuilder& b, int top, int bottom);

}  // namespace yimen::screens
