// Sample applicant: 张三, born 1980-01-01, applying for pension enrolment at the 300元 level.
#include "tests/platform/sample_application.h"

#include <cstdio>

#include "common/id_number.h"

namespace yimen::testing {

std::string validIdNumber(int sequence) {
    char first17[32];
    std::snprintf(first17, sizeof first17, "11010119800101%03d", sequence % 1000);
    return std::string(first17) + yimen::idNumberCheckChar(first17);
}

std::string receiptNumber(long long n, int terminal) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "YM%04d%010lld", terminal, n);
    return buffer;
}

nlohmann::json sampleApplication(const std::string& receiptNo, const std::string& queryCode) {
    const std::string id = validIdNumber();
    const std::string address = "北京市东城区东华门街道南池子大街12号";
    return {
        {"itemId", "pension-enrolment"},
        {"receiptNo", receiptNo},
        {"queryCode", queryCode},
        {"submittedAt", "2026-11-29T06:30:00Z"},
        {"applicant",
         {{"name", "张三"},
          {"idNumber", id},
          {"sex", "男"},
          {"nation", "汉"},
          {"birthDate", "1980-01-01"},
          {"address", address}}},
        {"answers",
         {{"name", "张三"},
          {"idNumber", id},
          {"sex", "男"},
          {"nation", "汉"},
          {"birthDate", "1980-01-01"},
          {"address", address},
          {"phone", "13800138000"},
          {"payLevel", "300元"}}},
    };
}

nlohmann::json sampleRating(const std::string& receiptNo, int level) {
    return {{"receiptNo", receiptNo},
            {"level", level},
            {"tags", {"办事快", "态度好"}},
            {"comment", "一次就办好了"}};
}

}  // namespace yimen::testing
