// Shared by the screens tests: the real fonts, the seed catalog, the two orientations, and a walk through it.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "screens/font_set.h"
#include "screens/layout_audit.h"
#include "screens/theme.h"
#include "screens/ui.h"
#include "session_fixture.h"

namespace yimen::screens::test {

// The installed CJK font, opened once for the whole test run.
inline FontSet& fonts() {
    static std::unique_ptr<FontSet> set = [] {
        auto opened = FontSet::open();
        if (!opened)
            FAIL("no CJK font: " << opened.error().message);
        return std::move(*opened);
    }();
    return *set;
}

inline Theme portrait() {
    return Theme::forScreen(1080, 1920);
}
inline Theme landscape() {
    return Theme::forScreen(1920, 1080);
}

// The platform's seed catalog: real item names, hints and every kind of field.
inline std::shared_ptr<const Catalog> seedCatalog() {
    std::ifstream in(std::string(YIMEN_SOURCE_DIR) + "/platform/seed/catalog.json");
    std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // The platform stamps the version when it serves the file; the file itself has none.
    const auto brace = json.find('{');
    if (brace == std::string::npos)
        FAIL("seed catalog is not JSON");
    json.insert(brace + 1, R"("version":"seed",)");
    auto parsed = parseCatalog(json);
    if (!parsed)
        FAIL("seed catalog: " << parsed.error().message);
    return std::make_shared<const Catalog>(std::move(*parsed));
}

// An answer the field accepts, as long as the field allows where text is free, to stress the layout.
inline std::string longestAnswer(const FieldSpec& f) {
    switch (f.type) {
    case FieldType::phone: return "13800138000";
    case FieldType::date: return "2025-03-18";
    case FieldType::choice: {
        std::string longest = f.options.empty() ? std::string() : f.options.front();
        for (const auto& o : f.options)
            if (utf8Length(o) > utf8Length(longest))
                longest = o;
        return longest;
    }
    case FieldType::idNumber: return "11010519491231002X";
    case FieldType::address:
    case FieldType::text: {
        std::string s;
        const std::string word = "村";
        for (int i = 0; i < f.maxLength; ++i) s += word;
        return s;
    }
    }
    return {};
}

// The problems of the frame, one per line, for a readable failure.
inline std::string problemsOf(const Frame& frame, const Theme& theme) {
    std::string out;
    for (const auto& p : auditFrame(frame, theme, fonts())) out += describe(p) + "\n";
    return out;
}

}  // namespace yimen::screens::test
