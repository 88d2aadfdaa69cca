// Keypads: key grids with spans, laid out to keep every key at least the minimum touch size.
#include "screens/keypads.h"

#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/field_entry.h"
#include "screens/key_grid.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

struct Grid {
    Rect area;
    int keyW = 0;
    int keyH = 0;
    int gap = 0;
    Rect cell(int col, int row, int colSpan = 1, int rowSpan = 1) const {
        return {area.x + col * (keyW + gap), area.y + row * (keyH + gap),
                colSpan * keyW + (colSpan - 1) * gap, rowSpan * keyH + (rowSpan - 1) * gap};
    }
};

bool numeric(FieldType type) {
    return type == FieldType::phone || type == FieldType::idNumber || type == FieldType::date;
}

// Digits, letters, 删除 and 清空, and the switches to the Chinese keyboards that work.
std::vector<Key> textKeys(const FieldSpec& field, const std::string& draft, const UiState& ui) {
    std::vector<Key> keys;
    auto input = [&](const std::string& name) {
        return sessionAction(kiosk::ev::Input{pressKey(field, draft, name)});
    };
    auto key = [&](const std::string& name) { return Key{"keypad." + name, name, input(name), 1}; };
    for (char c = '1'; c <= '9'; ++c) keys.push_back(key({c}));
    keys.push_back(key("0"));
    for (const std::string& l : latinLetters()) keys.push_back(key(l));
    keys.push_back({"keypad.delete", texts::kDelete, input("delete"), 2});
    keys.push_back({"keypad.clear", texts::kClear, input("clear"), 2});
    for (Key& k : panelKeys(ui, Panel::latin)) keys.push_back(std::move(k));
    return keys;
}

int textColumns(const Theme& t, int width) {
    return columnsFor(t, width, 10);
}

// 1-9 in three columns, 删除 and 清空 tall on the right, 0 (and X for ID numbers) on the bottom row; `input`
// gives each key's action. Returns the height used.
template <typename Input>
int numericGrid(FrameBuilder& b, Rect area, bool withX, const Input& input) {
    const Theme& t = b.theme;
    Grid g;
    g.area = area;
    g.gap = t.smallGap;
    g.keyW = (area.w - 3 * g.gap) / 4;
    g.keyH = preferredKeyHeight(t);
    for (int d = 1; d <= 9; ++d) {
        const std::string name = std::to_string(d);
        b.button("keypad." + name, g.cell((d - 1) % 3, (d - 1) / 3), name, input(name), ButtonStyle::key);
    }
    if (withX) {
        b.button("keypad.X", g.cell(0, 3), "X", input("X"), ButtonStyle::key);
        b.button("keypad.0", g.cell(1, 3, 2), "0", input("0"), ButtonStyle::key);
    } else {
        b.button("keypad.0", g.cell(0, 3, 3), "0", input("0"), ButtonStyle::key);
    }
    b.button("keypad.delete", g.cell(3, 0, 1, 2), texts::kDelete, input("delete"), ButtonStyle::key);
    b.button("keypad.clear", g.cell(3, 2, 1, 2), texts::kClear, input("clear"), ButtonStyle::key);
    return 4 * g.keyH + 3 * g.gap;
}

}  // namespace

int fieldKeypadHeight(const FrameBuilder& b, int width, FieldType type) {
    const Theme& t = b.theme;
    if (type == FieldType::choice)
        return 0;
    if (numeric(type))
        return 4 * preferredKeyHeight(t) + 3 * t.smallGap;
    FieldSpec probe;
    probe.type = type;
    return flowHeight(t, textKeys(probe, {}, b.ui), textColumns(t, width));
}

int fieldKeypad(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft) {
    const Theme& t = b.theme;
    auto input = [&](const std::string& name) {
        return sessionAction(kiosk::ev::Input{pressKey(field, draft, name)});
    };
    if (field.type == FieldType::choice)
        return 0;
    if (!numeric(field.type))
        return flowKeys(b, area, textKeys(field, draft, b.ui), textColumns(t, area.w));

    return numericGrid(b, area, field.type == FieldType::idNumber, input);
}

int digitKeypad(FrameBuilder& b, Rect area, const std::string& draft, std::size_t maxDigits) {
    auto input = [&](const std::string& name) {
        std::string value = draft;
        if (name == "clear")
            value.clear();
        else if (name == "delete" && !value.empty())
            value.pop_back();
        else if (name.size() == 1 && name[0] >= '0' && name[0] <= '9' && value.size() < maxDigits)
            value += name;
        return sessionAction(kiosk::ev::Input{value});
    };
    return numericGrid(b, area, false, input);
}

namespace {

std::vector<Key> initialsKeys(const std::string& initials) {
    std::vector<Key> keys;
    for (const std::string& l : latinLetters())
        keys.push_back({"initials." + l, l, sessionAction(kiosk::ev::SearchInitials{initials + l}), 1});
    std::string shorter = initials;
    if (!shorter.empty())
        shorter.pop_back();
    keys.push_back({"initials.delete", texts::kDelete, sessionAction(kiosk::ev::SearchInitials{shorter}), 2});
    keys.push_back({"initials.clear", texts::kClear, sessionAction(kiosk::ev::SearchInitials{""}), 2});
    return keys;
}

}  // namespace

int initialsKeypadHeight(const FrameBuilder& b, int width) {
    const Theme& t = b.theme;
    return flowHeight(t, initialsKeys({}), columnsFor(t, width, 10));
}

int initialsKeypad(FrameBuilder& b, Rect area, const std::string& initials) {
    return flowKeys(b, area, initialsKeys(initials), columnsFor(b.theme, area.w, 10));
}

}  // namespace yimen::screens
