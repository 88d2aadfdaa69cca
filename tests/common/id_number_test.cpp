// Tests for common/id_number: GB 11643 check digit, dates, masking and scrubbing.
#include "common/id_number.h"

#include <catch2/catch.hpp>

using namespace yimen;

TEST_CASE("valid identity numbers are accepted, including an X check character", "[id]") {
    // 11010519491231002X is the standard's own example.
    CHECK(checkIdNumber("11010519491231002X", "20261129") == IdNumberProblem::none);
    CHECK(checkIdNumber("11010519491231002x", "20261129") == IdNumberProblem::none);
    CHECK(checkIdNumber("440524198001010013", "20261129") == IdNumberProblem::none);
    CHECK(idNumberCheckChar("11010519491231002") == 'X');
}

TEST_CASE("identity numbers with a wrong check digit, length, characters or date are refused", "[id]") {
    struct Case {
        const char* id;
        IdNumberProblem problem;
    };
    const Case cases[] = {
        {"110105194912310021", IdNumberProblem::checkDigit},
        {"11010519491231002", IdNumberProblem::length},
        {"1101051949123100211", IdNumberProblem::length},
        {"11010519491231A02X", IdNumberProblem::characters},
        {"000000194912310029", IdNumberProblem::region},
        {"110105194902300021", IdNumberProblem::birthDate},  // 30 February
        {"110105190002290021", IdNumberProblem::birthDate},  // 1900 was not a leap year
        {"110105194913010021", IdNumberProblem::birthDate},  // month 13
        {"110105203001010021", IdNumberProblem::birthDate},  // born in the future
        {"110105189912310021", IdNumberProblem::birthDate},  // before 1900
    };
    for (const auto& c : cases) {
        INFO(c.id);
        CHECK(checkIdNumber(c.id, "20261129") == c.problem);
    }
}

TEST_CASE("a leap day birth date is accepted", "[id]") {
    std::string id = "11010520000229001";
    id += idNumberCheckChar(id);
    CHECK(checkIdNumber(id, "20261129") == IdNumberProblem::none);
}

TEST_CASE("masking keeps the first four and last four characters only", "[id]") {
    CHECK(maskIdNumber("45040219900101123X") == "4504**********123X");
    CHECK(maskIdNumber("123") == "***");
}

TEST_CASE("scrubbing masks every identity number in a log line but leaves other numbers", "[id]") {
    CHECK(scrubIdNumbers("card 11010519491231002X read; then 45040219900101123X") ==
          "card 1101**********002X read; then 4504**********123X");
    CHECK(scrubIdNumbers("phone 13800138000 receipt YM00012611290007") ==
          "phone 13800138000 receipt YM00012611290007");
    // A longer digit run is not an identity number.
    CHECK(scrubIdNumbers("12345678901234567890") == "12345678901234567890");
}
