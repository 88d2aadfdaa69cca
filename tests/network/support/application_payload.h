// Request bodies the platform accepts, built from the catalog it serves rather than written out by hand.
#pragma once

#include <map>
#include <string>

#include "common/catalog.h"

namespace yimen::network::test {

// A fixed applicant with a GB 11643-valid ID number.
struct TestApplicant {
    std::string name = "张三";
    std::string idNumber;  // computed from a fixed 17-digit prefix and its check character
    std::string sex = "男";
    std::string nation = "汉";
    std::string birthDate = "1949-12-31";
    std::string address = "北京市东城区景山街道前街1号";
};
TestApplicant testApplicant();

// A POST /api/v1/applications body for `item` answering every required field validly; `overrides` replace
// answers by field id (an empty value removes the answer).
std::string applicationJson(const Item& item, const std::string& receiptNo, const std::string& queryCode,
                            const std::map<std::string, std::string>& overrides = {});

// A POST /api/v1/ratings body.
std::string ratingJson(const std::string& receiptNo, int level);

// "YM" followed by 14 digits ending in `n`: a receipt number the platform accepts.
std::string receiptNumber(int n);

}  // namespace yimen::network::test
