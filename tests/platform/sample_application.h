// Valid requests for the platform's API, built the way a kiosk builds them, for tests and benchmarks.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace yimen::testing {

// A valid GB 11643 number born on 1980-01-01 in Dongcheng, Beijing, with the given sequence (0..999).
std::string validIdNumber(int sequence = 1);

// A receipt number of `terminal`: YM + 4-digit terminal + 10 digits of n (where a real one has yyMMdd and a
// sequence), e.g. YM00010000000007.
std::string receiptNumber(long long n, int terminal = 1);

// A complete, valid body for POST /api/v1/applications of the seed item pension-enrolment.
nlohmann::json sampleApplication(const std::string& receiptNo, const std::string& queryCode = "123456");

// A valid body for POST /api/v1/ratings.
nlohmann::json sampleRating(const std::string& receiptNo, int level = 5);

}  // namespace yimen::testing
