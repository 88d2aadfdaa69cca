// Tests of platform/promised_date.cpp: the 承诺时限 day counted in working days in China Standard Time.
#include "platform/promised_date.h"

#include <catch2/catch.hpp>

using namespace yimen::platform;

TEST_CASE("the promised day skips the weekend", "[promise]") {
    // Friday 2026-12-04, 10:00 in China.
    CHECK(promisedBy("2026-12-04T02:00:00Z", 1) == "2026-12-07");  // Monday
    CHECK(promisedBy("2026-12-04T02:00:00Z", 3) == "2026-12-09");  // Wednesday
    CHECK(promisedBy("2026-12-04T02:00:00Z", 5) == "2026-12-11");  // Friday a week later
    CHECK(promisedBy("2026-12-04T02:00:00Z", 6) == "2026-12-14");  // the Monday after
    // Submitted on a Saturday or a Sunday: the first working day after it is the Monday.
    CHECK(promisedBy("2026-12-05T02:00:00Z", 1) == "2026-12-07");
    CHECK(promisedBy("2026-12-06T02:00:00Z", 1) == "2026-12-07");
    CHECK(promisedBy("2026-12-05T02:00:00Z", 5) == "2026-12-11");
    CHECK(promisedBy("2026-12-05T02:00:00Z", 10) == "2026-12-18");
    // A limit of 0 (done on the spot) is the day itself, a weekend day included.
    CHECK(promisedBy("2026-12-05T02:00:00Z", 0) == "2026-12-05");
}

TEST_CASE("the promised day is counted from the day in China, not in UTC", "[promise]") {
    // Friday 17:00 UTC is already Saturday 01:00 in China.
    CHECK(promisedBy("2026-12-04T17:00:00Z", 1) == "2026-12-07");
    CHECK(promisedBy("2026-12-04T15:59:59Z", 1) == "2026-12-07");  // Friday 23:59:59 in China
    // Thursday 16:00 UTC is Friday 00:00 in China.
    CHECK(promisedBy("2026-12-03T15:59:59Z", 1) == "2026-12-04");
    CHECK(promisedBy("2026-12-03T16:00:00Z", 1) == "2026-12-07");
    // A kiosk may report its local offset; the instant is what counts.
    CHECK(promisedBy("2026-12-04T00:30:00+08:00", 1) == "2026-12-07");
    CHECK(promisedBy("2026-12-03T23:30:00.250+08:00", 1) == "2026-12-04");
    CHECK(promisedBy("2026-12-03T11:30:00-05:00", 1) == "2026-12-07");  // Friday 00:30 in China
}

TEST_CASE("the promised day crosses months and years, and a leap day", "[promise]") {
    CHECK(promisedBy("2026-12-30T02:00:00Z", 3) == "2027-01-04");  // Wed → Thu, Fri, Mon
    CHECK(promisedBy("2028-02-25T02:00:00Z", 3) == "2028-03-01");  // Fri → Mon 28, Tue 29, Wed 1
    CHECK(promisedBy("2026-11-29T06:30:00Z", 30) == "2027-01-08");
}

TEST_CASE("no promised day for a malformed time or a time limit out of range", "[promise]") {
    CHECK_FALSE(promisedBy("", 5));
    CHECK_FALSE(promisedBy("2026-12-04", 5));
    CHECK_FALSE(promisedBy("2026-02-30T02:00:00Z", 5));
    CHECK_FALSE(promisedBy("2026-12-04T02:00:00Z", -1));
    CHECK_FALSE(promisedBy("2026-12-04T02:00:00Z", kMaxTimeLimitDays + 1));
    CHECK(promisedBy("2026-12-04T02:00:00Z", kMaxTimeLimitDays).has_value());
}
