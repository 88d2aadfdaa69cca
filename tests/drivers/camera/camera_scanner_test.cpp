// Tests for drivers/camera/camera_scanner: QR codes from the camera as scans, once each, off the caller's
// thread.
#include <catch2/catch.hpp>

#include <thread>

#include "camera_test_support.h"
#include "drivers/camera/camera_scanner.h"
#include "drivers/camera/scripted_v4l2_device.h"
#include "qr_frames.h"

using namespace yimen;
using namespace yimen::drivers::camera;
using namespace std::chrono_literals;

namespace {

CameraFrame frameOf(const GrayImage& scene) {
    CameraFrame frame;
    frame.luma = scene;
    return frame;
}

// Publishes `frame` and waits until the scanner has decoded it.
void show(LatestFrame& slot, CameraScanner& scanner, const GrayImage& scene) {
    const std::uint64_t before = scanner.decodedFrames();
    (void)slot.publish(frameOf(scene));
    REQUIRE(test::eventually([&] { return scanner.decodedFrames() > before; }));
}

}  // namespace

TEST_CASE("a_code_held_in_front_of_the_camera_is_scanned_once") {
    LatestFrame slot;
    CameraScanner scanner(slot);
    const GrayImage scene = test::qrScene("YM-RECEIPT-0042");
    for (int i = 0; i < 5; ++i) {
        show(slot, scanner, scene);
    }
    auto code = scanner.nextCode(0ms);
    REQUIRE(code);
    REQUIRE(*code);
    CHECK(**code == "YM-RECEIPT-0042");
    auto again = scanner.nextCode(0ms);
    REQUIRE(again);
    CHECK_FALSE(*again);
}

TEST_CASE("a_code_taken_away_and_shown_again_is_a_second_scan") {
    LatestFrame slot;
    CameraScannerOptions options;
    options.forgetAfterFrames = 2;
    CameraScanner scanner(slot, options);
    const GrayImage withCode = test::qrScene("AGAIN");
    const GrayImage empty = test::blankScene();
    show(slot, scanner, withCode);
    show(slot, scanner, empty);
    show(slot, scanner, empty);
    show(slot, scanner, withCode);
    for (int scan = 0; scan < 2; ++scan) {
        auto code = scanner.nextCode(0ms);
        REQUIRE(code);
        REQUIRE(*code);
        CHECK(**code == "AGAIN");
    }
}

TEST_CASE("waiting_for_a_code_returns_it_as_soon_as_it_is_decoded") {
    LatestFrame slot;
    CameraScanner scanner(slot);
    std::thread camera([&] { (void)slot.publish(frameOf(test::qrScene("WAITED"))); });
    auto code = scanner.nextCode(10s);
    camera.join();
    REQUIRE(code);
    REQUIRE(*code);
    CHECK(**code == "WAITED");
}

TEST_CASE("codes_nobody_reads_are_capped_and_the_oldest_dropped") {
    LatestFrame slot;
    CameraScannerOptions options;
    options.maxPendingCodes = 2;
    options.forgetAfterFrames = 1;
    CameraScanner scanner(slot, options);
    for (const char* text : {"ONE", "TWO", "THREE"}) {
        show(slot, scanner, test::qrScene(text));
    }
    std::vector<std::string> read;
    for (;;) {
        auto code = scanner.nextCode(0ms);
        REQUIRE(code);
        if (!*code) {
            break;
        }
        read.push_back(**code);
    }
    CHECK(read == std::vector<std::string>{"TWO", "THREE"});
}

TEST_CASE("a_qr_shown_to_a_yuyv_camera_comes_out_of_the_scanner") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelMjpeg, {{1280, 720}}).offer(kPixelYuyv, {{1280, 720}});
    const auto bytes = test::toYuyv(test::qrScene("https://yimen.example/track/YM-0001"));
    for (int i = 0; i < 6; ++i) {
        script->frame(bytes);
    }
    auto stream = std::make_shared<CameraStream>(scriptedOpener(script));
    CameraScanner scanner(stream);
    auto code = scanner.nextCode(10s);
    REQUIRE(code);
    REQUIRE(*code);
    CHECK(**code == "https://yimen.example/track/YM-0001");
    REQUIRE(test::eventually([&] { return stream->frames().published() == 6; }));
    auto second = scanner.nextCode(50ms);
    REQUIRE(second);
    CHECK_FALSE(*second);
}

TEST_CASE("a_qr_shown_to_an_mjpeg_camera_comes_out_of_the_scanner") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelMjpeg, {{640, 480}, {1280, 720}});
    script->frame(test::withoutHuffmanTables(test::toMjpeg(test::qrScene("MJPEG-SCAN"))));
    auto stream = std::make_shared<CameraStream>(scriptedOpener(script));
    CameraScanner scanner(stream);
    auto code = scanner.nextCode(10s);
    REQUIRE(code);
    REQUIRE(*code);
    CHECK(**code == "MJPEG-SCAN");
}

TEST_CASE("a_scanner_on_an_absent_camera_reports_the_camera_error") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, {{1280, 720}}).frame(test::toYuyv(test::blankScene())).unplug();
    CameraStreamOptions options;
    options.retryInterval = 10s;
    auto stream = std::make_shared<CameraStream>(scriptedOpener(script), options);
    CameraScanner scanner(stream);
    REQUIRE(test::eventually([&] { return !stream->status().hasValue(); }));
    auto code = scanner.nextCode(1s);
    REQUIRE_FALSE(code);
    CHECK(code.error().code == ErrorCode::unavailable);
}
