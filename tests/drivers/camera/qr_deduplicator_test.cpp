// Tests for drivers/camera/qr_deduplicator: one scan per code held in front of the camera.
#include <catch2/catch.hpp>

#include "drivers/camera/qr_deduplicator.h"

using yimen::drivers::camera::QrDeduplicator;
using Codes = std::vector<std::string>;

TEST_CASE("a_code_held_in_view_for_many_frames_is_one_scan") {
    QrDeduplicator dedup(3);
    CHECK(dedup.observe({"A"}) == Codes{"A"});
    for (int i = 0; i < 50; ++i) {
        CHECK(dedup.observe({"A"}).empty());
    }
}

TEST_CASE("the_same_code_within_one_frame_counts_once") {
    QrDeduplicator dedup(3);
    CHECK(dedup.observe({"A", "A", "B"}) == Codes{"A", "B"});
}

TEST_CASE("frames_that_missed_the_code_do_not_make_a_second_scan") {
    // Per frame: the codes decoded, and the scans expected. forgetAfterFrames = 3.
    struct Row {
        Codes seen;
        Codes scans;
    };
    const std::vector<Row> rows{
        {{"A"}, {"A"}},
        {{}, {}},
        {{}, {}},
        {{"A"}, {}},  // missed twice: still the same scan
        {{}, {}},
        {{}, {}},
        {{}, {}},        // gone for three frames: forgotten
        {{"A"}, {"A"}},  // shown again: a new scan
        {{"A", "B"}, {"B"}},
        {{"B"}, {}},
    };
    QrDeduplicator dedup(3);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("frame " << i);
        CHECK(dedup.observe(rows[i].seen) == rows[i].scans);
    }
}

TEST_CASE("after_a_reset_a_code_still_in_view_is_scanned_again") {
    QrDeduplicator dedup(3);
    CHECK(dedup.observe({"A"}) == Codes{"A"});
    dedup.reset();
    CHECK(dedup.observe({"A"}) == Codes{"A"});
}
