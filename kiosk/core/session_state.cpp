// Derived views of the session state, and the wipe of personal data.
#include "kiosk/core/session_state.h"

#include <algorithm>

#include "kiosk/core/top_level.h"

namespace yimen::kiosk {

const char* toString(Screen screen) {
    switch (screen) {
    case Screen::home: return "home";
    case Screen::unavailable: return "unavailable";
    case Screen::catalog: return "catalog";
    case Screen::item: return "item";
    case Screen::identify: return "identify";
    case Screen::form: return "form";
    case Screen::review: return "review";
    case Screen::submitting: return "submitting";
    case Screen::receipt: return "receipt";
    case Screen::rating: return "rating";
    case Screen::trackScan: return "trackScan";
    case Screen::trackEntry: return "trackEntry";
    case Screen::trackWaiting: return "trackWaiting";
    case Screen::trackResult: return "trackResult";
    case Screen::rateLevel: return "rateLevel";
    case Screen::rateReasons: return "rateReasons";
    }
    return "?";
}

const FieldSpec* SessionState::currentField() const {
    const Item* i = item();
    if (!i || fieldIndex >= i->fields.size())
        return nullptr;
    return &i->fields[fieldIndex];
}

bool SessionState::deviceUsable(const std::string& kind) const {
    auto it = devices.find(kind);
    return it == devices.end() || it->second.usable();
}

std::vector<const Item*> SessionState::filteredItems() const {
    std::vector<const Item*> out;
    if (!catalog)
        return out;
    for (const Item* i : catalog->itemsIn(categoryId)) {
        if (!searchInitials.empty() && i->initials.find(searchInitials) == std::string::npos &&
            i->name.find(searchInitials) == std::string::npos)
            continue;
        out.push_back(i);
    }
    return out;
}

std::vector<const Item*> SessionState::pageItems(int pageSize) const {
    const auto all = filteredItems();
    const std::size_t first = static_cast<std::size_t>(std::max(0, page * pageSize));
    if (first >= all.size())
        return {};
    const std::size_t last = std::min(all.size(), first + static_cast<std::size_t>(pageSize));
    return {all.begin() + static_cast<std::ptrdiff_t>(first),
            all.begin() + static_cast<std::ptrdiff_t>(last)};
}

int SessionState::pageCount(int pageSize) const {
    const int n = static_cast<int>(filteredItems().size());
    return pageSize <= 0 ? 1 : std::max(1, (n + pageSize - 1) / pageSize);
}

void wipePersonalData(SessionState& st) {
    if (st.identity)
        st.identity->wipe();
    st.identity.reset();
    st.identifyMessage.clear();
    for (const core::Journey* journey : core::journeys()) journey->wipe(st);
}

}  // namespace yimen::kiosk
