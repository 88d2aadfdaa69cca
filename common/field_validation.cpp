// One answer against its field spec. The messages are what a citizen reads: short, and say how to fix it.
#include "common/field_validation.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "common/id_number.h"

namespace yimen {
namespace {

bool allDigits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string idProblemMessage(IdNumberProblem p) {
    switch (p) {
    case IdNumberProblem::length: return "身份证号码应为18位，请检查位数";
    case IdNumberProblem::characters: return "身份证号码只能是数字，最后一位可以是X";
    case IdNumberProblem::region: return "身份证号码开头有误，请核对";
    case IdNumberProblem::birthDate: return "身份证号码中的出生日期不对，请核对第7到14位";
    case IdNumberProblem::checkDigit: return "身份证号码有误，请逐位核对";
    case IdNumberProblem::none: break;
    }
    return {};
}

bool hasControlCharacters(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

std::size_t utf8Length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

bool isMobilePhone(const std::string& value) {
    return value.size() == 11 && allDigits(value) && value[0] == '1' && value[1] >= '3' && value[1] <= '9';
}

bool isCalendarDate(const std::string& value) {
    if (value.size() != 10 || value[4] != '-' || value[7] != '-')
        return false;
    const std::string y = value.substr(0, 4), m = value.substr(5, 2), d = value.substr(8, 2);
    if (!allDigits(y) || !allDigits(m) || !allDigits(d))
        return false;
    const int year = std::stoi(y), month = std::stoi(m), day = std::stoi(d);
    if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1)
        return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= (month == 2 && leap ? 29 : days[month - 1]);
}

std::string todayYmd() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
    return buf;
}

std::optional<FieldError> validateField(const FieldSpec& field, const std::string& value,
                                        const std::string& today) {
    auto error = [&](std::string message) { return FieldError{field.id, std::move(message)}; };
    if (value.empty()) {
        if (field.required)
            return error("请填写" + field.label);
        return std::nullopt;
    }
    if (hasControlCharacters(value))
        return error(field.label + "含有无法识别的字符，请重新填写");
    if (utf8Length(value) > static_cast<std::size_t>(field.maxLength))
        return error(field.label + "最多" + std::to_string(field.maxLength) + "个字");
    switch (field.type) {
    case FieldType::text:
    case FieldType::address:
        if (field.type == FieldType::address && utf8Length(value) < 5)
            return error("地址太短，请写到村（社区）和门牌号");
        return std::nullopt;
    case FieldType::phone:
        if (!isMobilePhone(value))
            return error("手机号码应为11位数字，以1开头");
        return std::nullopt;
    case FieldType::date: {
        if (!isCalendarDate(value))
            return error(field.label + "不是有效日期，请按 年-月-日 填写");
        const std::string ymd = value.substr(0, 4) + value.substr(5, 2) + value.substr(8, 2);
        if (ymd > (today.empty() ? todayYmd() : today))
            return error(field.label + "不能晚于今天");
        return std::nullopt;
    }
    case FieldType::choice:
        if (std::find(field.options.begin(), field.options.end(), value) == field.options.end())
            return error("请从选项中选择" + field.label);
        return std::nullopt;
    case FieldType::idNumber: {
        const IdNumberProblem p = checkIdNumber(value, today);
        if (p != IdNumberProblem::none)
            return error(idProblemMessage(p));
        return std::nullopt;
    }
    }
    return std::nullopt;
}

}  // namespace yimen
