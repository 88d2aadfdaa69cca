// Tests of platform/request_target.cpp: paths, query strings and percent-decoding as a kiosk's client sends
// them.
#include "platform/request_target.h"

#include <catch2/catch.hpp>

using namespace yimen::platform;

TEST_CASE("a target splits into its path and its query at the first question mark", "[target]") {
    CHECK(pathOf("/api/v1/applications/YM0001?code=123456") == "/api/v1/applications/YM0001");
    CHECK(queryOf("/api/v1/applications/YM0001?code=123456") == "code=123456");
    CHECK(pathOf("/api/v1/catalog") == "/api/v1/catalog");
    CHECK(queryOf("/api/v1/catalog").empty());
    CHECK(queryOf("/a?b?c") == "b?c");
    CHECK(queryOf("/a?").empty());
}

TEST_CASE("query parameters are found by their decoded name and decoded", "[target]") {
    CHECK(queryParameter("code=123456", "code") == "123456");
    CHECK(queryParameter("x=1&code=%31%32%33&code=999", "code") == "123");
    CHECK(queryParameter("c%6fde=1", "code") == "1");
    CHECK(queryParameter("day=26+11", "day") == "26 11");
    CHECK(queryParameter("day", "day").empty());
    CHECK(queryParameter("", "day").empty());
    CHECK(queryParameter("code=1", "day").empty());
}

TEST_CASE("a percent sign without two hex digits is kept as it is", "[target]") {
    CHECK(percentDecode("%zz%4") == "%zz%4");
    CHECK(percentDecode("100%") == "100%");
    CHECK(percentDecode("%41%61") == "Aa");
    CHECK(percentDecode("%00").size() == 1);
}
