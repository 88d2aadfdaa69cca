// The service catalog as both ends of the API see it: categories, items, their materials and form schema.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen {

enum class FieldType { text, phone, date, choice, idNumber, address };

// Where a field's value may come from on the ID card. `none` means the citizen types it.
enum class Prefill { none, name, idNumber, address, birthDate, sex, nation };

// Which on-screen keyboard a text or address answer opens with: Chinese (the writing pad, or pinyin; the
// default), or letters and digits for numbers and codes (收入, 证件编号). The citizen can switch either way.
enum class Keyboard { chinese, latin };

struct FieldSpec {
    std::string id;     // stable key in the answers object, e.g. "phone"
    std::string label;  // shown as the question, e.g. "联系电话"
    FieldType type = FieldType::text;
    bool required = true;
    Prefill prefill = Prefill::none;
    std::vector<std::string> options;  // for choice: the allowed values
    std::string hint;                  // short help under the question
    int maxLength = 50;                // in characters (UTF-8 code points)
    Keyboard keyboard = Keyboard::chinese;  // text and address fields only
};

struct Material {
    std::string name;  // e.g. "居民身份证"
    std::string note;  // e.g. "原件，现场读取"
};

struct Item {
    std::string id;
    std::string name;      // 城乡居民基本养老保险参保登记
    std::string initials;  // pinyin initials for search: CXJMJBYLBXCBDJ
    std::string categoryId;
    std::string department;  // 县人力资源和社会保障局
    int timeLimitDays = 0;   // 承诺时限 in working days
    std::string summary;     // one plain sentence on who it is for
    std::vector<Material> materials;
    std::vector<FieldSpec> fields;

    const FieldSpec* field(const std::string& fieldId) const;
};

struct Category {
    std::string id;
    std::string name;
};

struct Catalog {
    std::string version;  // changes whenever the content changes
    std::vector<Category> categories;
    std::vector<Item> items;

    const Item* item(const std::string& itemId) const;
    std::vector<const Item*> itemsIn(const std::string& categoryId) const;
    bool empty() const { return items.empty(); }
};

const char* toString(FieldType type);
const char* toString(Prefill prefill);
const char* toString(Keyboard keyboard);

// Parses the catalog JSON of GET /api/v1/catalog. Returns invalidInput naming the first bad element.
[[nodiscard]] Expected<Catalog> parseCatalog(const std::string& json);
std::string toJson(const Catalog& catalog);

}  // namespace yimen
