// On-screen keypads: digits for phone, ID-number and date answers, letters and digits for text answers, and
// the pinyin-initials keypad of the catalog. Each key's action carries the whole resulting value.
#pragma once

#include <string>

#include "common/catalog.h"
#include "screens/frame_builder.h"

namespace yimen::screens {

// The keypad for `field` inside `area`, keys "keypad.0".."keypad.9", "keypad.X" (ID numbers), "keypad.A"..
// "keypad.Z" (text), "keypad.delete", "keypad.clear"; each emits ev::Input with the answer after the key.
// Text answers also get the switches to the Chinese keyboards that work ("panel.handwriting",
// "panel.pinyin"). Returns the height used. Choice fields have no keypad (returns 0).
int fieldKeypad(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft);

// Digits only, for a code of up to `maxDigits` (a receipt number, a query code): the numeric keys of
// fieldKeypad, each emitting ev::Input with the whole value after the key. Returns the height used (that of
// fieldKeypadHeight for a phone field).
int digitKeypad(FrameBuilder& b, Rect area, const std::string& draft, std::size_t maxDigits);

// The height fieldKeypad needs at `width`.
int fieldKeypadHeight(const FrameBuilder& b, int width, FieldType type);

// The catalog's initials keypad: "initials.A".."initials.Z", "initials.delete", "initials.clear", each
// emitting ev::SearchInitials with the whole new search text. Returns the height used.
int initialsKeypad(FrameBuilder& b, Rect area, const std::string& initials);
int initialsKeypadHeight(const FrameBuilder& b, int width);

}  // namespace yimen::screens
