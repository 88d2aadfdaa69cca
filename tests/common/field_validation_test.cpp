// Tests for common/field_validation: the messages a citizen sees for each kind of wrong answer.
#include "common/field_validation.h"

#include <catch2/catch.hpp>

using namespace yimen;

namespace {
FieldSpec spec(FieldType type, bool required = true) {
    FieldSpec f;
    f.id = "f";
    f.label = "字段";
    f.type = type;
    f.required = required;
    return f;
}
}  // namespace

TEST_CASE("a required field left empty asks the citizen to fill it in", "[validation]") {
    auto e = validateField(spec(FieldType::text), "");
    REQUIRE(e);
    CHECK(e->fieldId == "f");
    CHECK(e->message == "请填写字段");
    CHECK_FALSE(validateField(spec(FieldType::text, false), ""));
}

TEST_CASE("mobile phone numbers must be 11 digits starting 13 to 19", "[validation]") {
    for (const char* ok : {"13800138000", "19912345678", "15000000000"}) {
        INFO(ok);
        CHECK_FALSE(validateField(spec(FieldType::phone), ok));
    }
    for (const char* bad : {"1380013800", "138001380001", "12800138000", "2380013800a", "0771-1234567"}) {
        INFO(bad);
        auto e = validateField(spec(FieldType::phone), bad);
        REQUIRE(e);
        CHECK(e->message == "手机号码应为11位数字，以1开头");
    }
}

TEST_CASE("dates must be real calendar days written year-month-day and not in the future", "[validation]") {
    CHECK_FALSE(validateField(spec(FieldType::date), "2024-02-29", "20261129"));
    CHECK(validateField(spec(FieldType::date), "2023-02-29", "20261129"));
    CHECK(validateField(spec(FieldType::date), "2024-13-01", "20261129"));
    CHECK(validateField(spec(FieldType::date), "2024/01/01", "20261129"));
    CHECK(validateField(spec(FieldType::date), "24-01-01", "20261129"));
    auto future = validateField(spec(FieldType::date), "2026-11-30", "20261129");
    REQUIRE(future);
    CHECK(future->message == "字段不能晚于今天");
}

TEST_CASE("a choice must be one of the offered options", "[validation]") {
    FieldSpec f = spec(FieldType::choice);
    f.options = {"200元", "300元"};
    CHECK_FALSE(validateField(f, "300元"));
    auto e = validateField(f, "250元");
    REQUIRE(e);
    CHECK(e->message == "请从选项中选择字段");
}

TEST_CASE("an identity number field explains which part is wrong", "[validation]") {
    CHECK_FALSE(validateField(spec(FieldType::idNumber), "11010519491231002X", "20261129"));
    auto check = validateField(spec(FieldType::idNumber), "110105194912310021", "20261129");
    REQUIRE(check);
    CHECK(check->message == "身份证号码有误，请逐位核对");
    auto length = validateField(spec(FieldType::idNumber), "1101051949", "20261129");
    REQUIRE(length);
    CHECK(length->message == "身份证号码应为18位，请检查位数");
}

TEST_CASE("text longer than the field allows is refused, counted in characters not bytes", "[validation]") {
    FieldSpec f = spec(FieldType::text);
    f.maxLength = 4;
    CHECK_FALSE(validateField(f, "张三丰四"));
    CHECK(validateField(f, "张三丰四五"));
    CHECK(validateField(f, "a\x01"));
}

TEST_CASE("an address must be long enough to find the house", "[validation]") {
    CHECK(validateField(spec(FieldType::address), "武鸣区"));
    CHECK_FALSE(validateField(spec(FieldType::address), "武鸣区城厢镇东风村3号"));
}
