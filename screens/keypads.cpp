// Keypads: key grids with spans, laid out to keep every key at least the minimum touch size.
#include "screens/keypads.h"

#include <algorithm>

#include "kiosk/texts.h"
#include "screens/field_entry.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

struct Key {
    std::string name;   // id suffix and key name for pressKey
    std::string label;  // shown
    Action action;
    int span = 1;
};

struct Grid {
    Rect area;
    int columns = 1;
    int keyW = 0;
    int keyH = 0;
    int gap = 0;
    Rect cell(int col, int row, int colSpan = 1, int rowSpan = 1) const {
        return {area.x + col * (keyW + gap), area.y + row * (keyH + gap),
                colSpan * keyW + (colSpan - 1) * gap, rowSpan * keyH + (rowSpan - 1) * gap};
    }
};

int preferredKeyHeight(const Theme& t) {
    return std::max(t.minTarget, t.px(104));
}

// As many columns as fit keys of the minimum size, up to `most`.
int columnsFor(const Theme& t, int width, int most) {
    const int gap = t.smallGap;
    return std::clamp((width + gap) / (t.minTarget + gap), 1, most);
}

// Rows a row-major flow of spans needs.
int rowsFor(const std::vector<int>& spans, int columns) {
    int rows = 1;
    int col = 0;
    for (int span : spans) {
        if (col + span > columns) {
            ++rows;
            col = 0;
        }
        col += span;
    }
    return rows;
}

int flowKeys(FrameBuilder& b, Rect area, const std::string& prefix, const std::vector<Key>& keys,
             int columns) {
    const Theme& t = b.theme;
    Grid g;
    g.area = area;
    g.columns = columns;
    g.gap = t.smallGap;
    g.keyW = (area.w - (columns - 1) * g.gap) / columns;
    g.keyH = preferredKeyHeight(t);
    int col = 0;
    int row = 0;
    for (const Key& k : keys) {
        if (col + k.span > columns) {
            ++row;
            col = 0;
        }
        b.button(prefix + k.name, g.cell(col, row, k.span), k.label, k.action, ButtonStyle::key);
        col += k.span;
    }
    return (row + 1) * g.keyH + row * g.gap;
}

std::vector<int> spansOf(const std::vector<Key>& keys) {
    std::vector<int> spans;
    for (const Key& k : keys) spans.push_back(k.span);
    return spans;
}

std::vector<std::string> letters() {
    std::vector<std::string> out;
    for (char c = 'A'; c <= 'Z'; ++c) out.emplace_back(1, c);
    return out;
}

bool numeric(FieldType type) {
    return type == FieldType::phone || type == FieldType::idNumber || type == FieldType::date;
}

std::vector<Key> textKeys(const FieldSpec& field, const std::string& draft) {
    std::vector<Key> keys;
    auto input = [&](const std::string& name) {
        return sessionAction(kiosk::ev::Input{pressKey(field, draft, name)});
    };
    for (char c = '1'; c <= '9'; ++c) keys.push_back({std::string(1, c), std::string(1, c), input({c}), 1});
    keys.push_back({"0", "0", input("0"), 1});
    for (const std::string& l : letters()) keys.push_back({l, l, input(l), 1});
    keys.push_back({"delete", texts::kDelete, input("delete"), 2});
    keys.push_back({"clear", texts::kClear, input("clear"), 2});
    return keys;
}

int textColumns(const Theme& t, int width) {
    return columnsFor(t, width, 10);
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
    const int rows = rowsFor(spansOf(textKeys(probe, {})), textColumns(t, width));
    return rows * preferredKeyHeight(t) + (rows - 1) * t.smallGap;
}

int fieldKeypad(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft) {
    const Theme& t = b.theme;
    auto input = [&](const std::string& name) {
        return sessionAction(kiosk::ev::Input{pressKey(field, draft, name)});
    };
    if (field.type == FieldType::choice)
        return 0;
    if (!numeric(field.type))
        return flowKeys(b, area, "keypad.", textKeys(field, draft), textColumns(t, area.w));

    // 1-9 in three columns, 删除 and 清空 tall on the right, 0 (and X for ID numbers) on the bottom row.
    Grid g;
    g.area = area;
    g.columns = 4;
    g.gap = t.smallGap;
    g.keyW = (area.w - 3 * g.gap) / 4;
    g.keyH = preferredKeyHeight(t);
    for (int d = 1; d <= 9; ++d) {
        const std::string name = std::to_string(d);
        b.button("keypad." + name, g.cell((d - 1) % 3, (d - 1) / 3), name, input(name), ButtonStyle::key);
    }
    if (field.type == FieldType::idNumber) {
        b.button("keypad.X", g.cell(0, 3), "X", input("X"), ButtonStyle::key);
        b.button("keypad.0", g.cell(1, 3, 2), "0", input("0"), ButtonStyle::key);
    } else {
        b.button("keypad.0", g.cell(0, 3, 3), "0", input("0"), ButtonStyle::key);
    }
    b.button("keypad.delete", g.cell(3, 0, 1, 2), texts::kDelete, input("delete"), ButtonStyle::key);
    b.button("keypad.clear", g.cell(3, 2, 1, 2), texts::kClear, input("clear"), ButtonStyle::key);
    return 4 * g.keyH + 3 * g.gap;
}

namespace {

std::vector<Key> initialsKeys(const std::string& initials) {
    std::vector<Key> keys;
    for (const std::string& l : letters())
        keys.push_back({l, l, sessionAction(kiosk::ev::SearchInitials{initials + l}), 1});
    std::string shorter = initials;
    if (!shorter.empty())
        shorter.pop_back();
    keys.push_back({"delete", texts::kDelete, sessionAction(kiosk::ev::SearchInitials{shorter}), 2});
    keys.push_back({"clear", texts::kClear, sessionAction(kiosk::ev::SearchInitials{""}), 2});
    return keys;
}

}  // namespace

int initialsKeypadHeight(const FrameBuilder& b, int width) {
    const Theme& t = b.theme;
    const int rows = rowsFor(spansOf(initialsKeys({})), columnsFor(t, width, 10));
    return rows * preferredKeyHeight(t) + (rows - 1) * t.smallGap;
}

int initialsKeypad(FrameBuilder& b, Rect area, const std::string& initials) {
    return flowKeys(b, area, "initials.", initialsKeys(initials), columnsFor(b.theme, area.w, 10));
}

}  // namespace yimen::screens
