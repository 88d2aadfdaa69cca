// Tests for screens/field_entry: what each key does to an answer, per field type, and how answers are
// grouped.
#include "screens/field_entry.h"

#include <catch2/catch.hpp>

using namespace yimen;
using namespace yimen::screens;

namespace {

FieldSpec field(FieldType type, int maxLength = 50) {
    FieldSpec f;
    f.type = type;
    f.maxLength = maxLength;
    return f;
}

std::string press(const FieldSpec& f, std::string draft, std::initializer_list<const char*> keys) {
    for (const char* k : keys) draft = pressKey(f, draft, k);
    return draft;
}

}  // namespace

TEST_CASE("phone keypad appends digits and stops at eleven", "[field_entry]") {
    const auto f = field(FieldType::phone);
    CHECK(press(f, "", {"1", "3", "8"}) == "138");
    CHECK(press(f, "13800138000", {"5"}) == "13800138000");
    CHECK(press(f, "138", {"X"}) == "138");
}

TEST_CASE("ID-number keypad accepts X and stops at eighteen", "[field_entry]") {
    const auto f = field(FieldType::idNumber);
    CHECK(press(f, "11010519491231002", {"X"}) == "11010519491231002X");
    CHECK(press(f, "11010519491231002X", {"1"}) == "11010519491231002X");
}

TEST_CASE("删除 removes the last character and 清空 empties the answer", "[field_entry]") {
    CHECK(press(field(FieldType::phone), "138", {"delete"}) == "13");
    CHECK(press(field(FieldType::phone), "", {"delete"}).empty());
    CHECK(press(field(FieldType::text), "韦秀英", {"delete"}) == "韦秀");
    CHECK(press(field(FieldType::address), "东风村3号", {"clear"}).empty());
}

TEST_CASE("date keypad formats YYYY-MM-DD as the digits are typed", "[field_entry]") {
    const auto f = field(FieldType::date);
    CHECK(press(f, "", {"2", "0", "2", "5"}) == "2025");
    CHECK(press(f, "2025", {"0"}) == "2025-0");
    CHECK(press(f, "2025-0", {"3", "1", "8"}) == "2025-03-18");
    CHECK(press(f, "2025-03-18", {"9"}) == "2025-03-18");
    CHECK(press(f, "2025-03-18", {"delete"}) == "2025-03-1");
    CHECK(press(f, "2025-03-1", {"delete", "delete"}) == "2025-0");
    CHECK(press(f, "1956-08-14", {"delete"}) == "1956-08-1");
}

TEST_CASE("text keys append letters and digits up to the field's length", "[field_entry]") {
    const auto f = field(FieldType::text, 10);
    CHECK(press(f, "", {"A", "1", "2"}) == "A12");
    CHECK(press(f, "A123456789", {"B"}) == "A123456789");
}

TEST_CASE("typing on a keyboard follows the same rules as the keys", "[field_entry]") {
    CHECK(typeText(field(FieldType::phone), "138", "0a0") == "13800");
    CHECK(typeText(field(FieldType::idNumber), "11010519491231002", "x") == "11010519491231002X");
    CHECK(typeText(field(FieldType::date), "2025", "0318") == "2025-03-18");
    CHECK(typeText(field(FieldType::text, 4), "县人民", "医院") == "县人民");
    CHECK(typeText(field(FieldType::text, 5), "县人民", "医院") == "县人民医院");
    CHECK(typeText(field(FieldType::choice), "男", "女") == "男");
}

TEST_CASE("phone and ID numbers are grouped for reading, other answers are shown as they are",
          "[field_entry]") {
    CHECK(displayValue(FieldType::phone, "13800138000") == "138 0013 8000");
    CHECK(displayValue(FieldType::phone, "1380") == "138 0");
    CHECK(displayValue(FieldType::idNumber, "450122195608140264") == "450122 19560814 0264");
    CHECK(displayValue(FieldType::date, "2025-03-18") == "2025-03-18");
    CHECK(displayValue(FieldType::text, "韦秀英") == "韦秀英");
}
