// Catalog JSON: parsing with a clear error for the first bad element, and writing back.
#include "common/catalog.h"

#include <nlohmann/json.hpp>

namespace yimen {
namespace {

using nlohmann::json;

struct NameMap {
    const char* name;
    int value;
};

const NameMap kFieldTypes[] = {{"text", 0},   {"phone", 1},    {"date", 2},
                               {"choice", 3}, {"idnumber", 4}, {"address", 5}};
const NameMap kPrefills[] = {{"", 0},          {"name", 1}, {"idNumber", 2}, {"address", 3},
                             {"birthDate", 4}, {"sex", 5},  {"nation", 6}};
const NameMap kKeyboards[] = {{"chinese", 0}, {"latin", 1}};

template <std::size_t N>
const char* nameOf(const NameMap (&table)[N], int value) {
    for (const auto& e : table)
        if (e.value == value)
            return e.name;
    return "";
}

template <std::size_t N>
int valueOf(const NameMap (&table)[N], const std::string& name) {
    for (const auto& e : table)
        if (name == e.name)
            return e.value;
    return -1;
}

// Reads a required string member; throws a message naming it (caught in parseCatalog).
std::string str(const json& j, const char* key, const std::string& where, bool required = true) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required)
            throw std::runtime_error(where + "." + key + " is missing");
        return {};
    }
    if (!it->is_string())
        throw std::runtime_error(where + "." + key + " must be a string");
    return it->get<std::string>();
}

const json& arr(const json& j, const char* key, const std::string& where) {
    static const json empty = json::array();
    auto it = j.find(key);
    if (it == j.end())
        return empty;
    if (!it->is_array())
        throw std::runtime_error(where + "." + key + " must be an array");
    return *it;
}

FieldSpec parseField(const json& j, const std::string& where) {
    if (!j.is_object())
        throw std::runtime_error(where + " must be an object");
    FieldSpec f;
    f.id = str(j, "id", where);
    if (f.id.empty())
        throw std::runtime_error(where + ".id is empty");
    f.label = str(j, "label", where);
    const std::string type = str(j, "type", where);
    const int t = valueOf(kFieldTypes, type);
    if (t < 0)
        throw std::runtime_error(where + ".type '" + type + "' is not a known field type");
    f.type = static_cast<FieldType>(t);
    if (auto it = j.find("required"); it != j.end()) {
        if (!it->is_boolean())
            throw std::runtime_error(where + ".required must be true or false");
        f.required = it->get<bool>();
    }
    const std::string prefill = str(j, "prefill", where, false);
    const int p = valueOf(kPrefills, prefill);
    if (p < 0)
        throw std::runtime_error(where + ".prefill '" + prefill + "' is not a card field");
    f.prefill = static_cast<Prefill>(p);
    for (const auto& o : arr(j, "options", where)) {
        if (!o.is_string())
            throw std::runtime_error(where + ".options must hold strings");
        f.options.push_back(o.get<std::string>());
    }
    if (f.type == FieldType::choice && f.options.empty())
        throw std::runtime_error(where + " is a choice without options");
    f.hint = str(j, "hint", where, false);
    if (auto it = j.find("maxLength"); it != j.end()) {
        if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 10000)
            throw std::runtime_error(where + ".maxLength must be an integer from 1 to 10000");
        f.maxLength = it->get<int>();
    }
    const std::string keyboard = str(j, "keyboard", where, false);
    if (!keyboard.empty()) {
        const int k = valueOf(kKeyboards, keyboard);
        if (k < 0)
            throw std::runtime_error(where + ".keyboard '" + keyboard + "' is neither chinese nor latin");
        f.keyboard = static_cast<Keyboard>(k);
    }
    return f;
}

Item parseItem(const json& j, const std::string& where) {
    if (!j.is_object())
        throw std::runtime_error(where + " must be an object");
    Item item;
    item.id = str(j, "id", where);
    if (item.id.empty())
        throw std::runtime_error(where + ".id is empty");
    const std::string at = "item '" + item.id + "'";
    item.name = str(j, "name", at);
    item.initials = str(j, "initials", at, false);
    item.categoryId = str(j, "category", at);
    item.department = str(j, "department", at);
    if (auto it = j.find("timeLimitDays"); it != j.end()) {
        if (!it->is_number_integer() || it->get<int>() < 0)
            throw std::runtime_error(at + ".timeLimitDays must be a whole number of days");
        item.timeLimitDays = it->get<int>();
    }
    item.summary = str(j, "summary", at, false);
    for (const auto& m : arr(j, "materials", at)) {
        if (!m.is_object())
            throw std::runtime_error(at + ".materials must hold objects");
        item.materials.push_back(
            {str(m, "name", at + ".materials[]"), str(m, "note", at + ".materials[]", false)});
    }
    const json& fields = arr(j, "fields", at);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        FieldSpec f = parseField(fields[i], at + ".fields[" + std::to_string(i) + "]");
        if (item.field(f.id))
            throw std::runtime_error(at + " has two fields with id '" + f.id + "'");
        item.fields.push_back(std::move(f));
    }
    return item;
}

}  // namespace

const FieldSpec* Item::field(const std::string& fieldId) const {
    for (const auto& f : fields)
        if (f.id == fieldId)
            return &f;
    return nullptr;
}

const Item* Catalog::item(const std::string& itemId) const {
    for (const auto& i : items)
        if (i.id == itemId)
            return &i;
    return nullptr;
}

std::vector<const Item*> Catalog::itemsIn(const std::string& categoryId) const {
    std::vector<const Item*> out;
    for (const auto& i : items)
        if (categoryId.empty() || i.categoryId == categoryId)
            out.push_back(&i);
    return out;
}

const char* toString(FieldType type) {
    return nameOf(kFieldTypes, static_cast<int>(type));
}
const char* toString(Prefill prefill) {
    return nameOf(kPrefills, static_cast<int>(prefill));
}
const char* toString(Keyboard keyboard) {
    return nameOf(kKeyboards, static_cast<int>(keyboard));
}

Expected<Catalog> parseCatalog(const std::string& text) {
    try {
        const json j = json::parse(text);
        if (!j.is_object())
            return fail(ErrorCode::invalidInput, "catalog must be a JSON object");
        Catalog c;
        c.version = str(j, "version", "catalog");
        for (const auto& cat : arr(j, "categories", "catalog")) {
            if (!cat.is_object())
                throw std::runtime_error("catalog.categories must hold objects");
            c.categories.push_back({str(cat, "id", "category"), str(cat, "name", "category")});
        }
        const json& items = arr(j, "items", "catalog");
        for (std::size_t i = 0; i < items.size(); ++i) {
            Item item = parseItem(items[i], "catalog.items[" + std::to_string(i) + "]");
            if (c.item(item.id))
                throw std::runtime_error("catalog has two items with id '" + item.id + "'");
            c.items.push_back(std::move(item));
        }
        return c;
    } catch (const std::exception& e) {
        return fail(ErrorCode::invalidInput, std::string("catalog: ") + e.what());
    }
}

std::string toJson(const Catalog& catalog) {
    json j;
    j["version"] = catalog.version;
    j["categories"] = json::array();
    for (const auto& c : catalog.categories) j["categories"].push_back({{"id", c.id}, {"name", c.name}});
    j["items"] = json::array();
    for (const auto& item : catalog.items) {
        json ji = {{"id", item.id},
                   {"name", item.name},
                   {"initials", item.initials},
                   {"category", item.categoryId},
                   {"department", item.department},
                   {"timeLimitDays", item.timeLimitDays},
                   {"summary", item.summary},
                   {"materials", json::array()},
                   {"fields", json::array()}};
        for (const auto& m : item.materials) ji["materials"].push_back({{"name", m.name}, {"note", m.note}});
        for (const auto& f : item.fields) {
            json jf = {{"id", f.id},
                       {"label", f.label},
                       {"type", toString(f.type)},
                       {"required", f.required},
                       {"maxLength", f.maxLength},
                       {"hint", f.hint}};
            if (f.prefill != Prefill::none)
                jf["prefill"] = toString(f.prefill);
            if (!f.options.empty())
                jf["options"] = f.options;
            if (f.keyboard != Keyboard::chinese)
                jf["keyboard"] = toString(f.keyboard);
            ji["fields"].push_back(std::move(jf));
        }
        j["items"].push_back(std::move(ji));
    }
    return j.dump();
}

}  // namespace yimen
