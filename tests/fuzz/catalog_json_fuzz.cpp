// libFuzzer target: the catalog parser on arbitrary bytes, as they could arrive from the platform. Whatever
// parses must write back to JSON that parses to the same catalog; whatever is refused must be an invalidInput
// error with a bounded message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/catalog.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto catalog = yimen::parseCatalog(text);
    if (!catalog) {
        check(catalog.error().code == yimen::ErrorCode::invalidInput);
        check(catalog.error().message.size() < 4096);
        return 0;
    }
    const std::string json = yimen::toJson(*catalog);
    auto again = yimen::parseCatalog(json);
    check(again.hasValue());
    check(yimen::toJson(*again) == json);
    for (const auto& item : catalog->items) {
        check(catalog->item(item.id) != nullptr);
        for (const auto& field : item.fields) check(field.type != yimen::FieldType::choice || !field.options.empty());
    }
    return 0;
}
