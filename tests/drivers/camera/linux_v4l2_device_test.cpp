// Tests for drivers/camera/linux_v4l2_device: what the kernel backend says about nodes that are not cameras,
// and a real camera when one is attached ([hardware]).
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "drivers/camera/linux_v4l2_device.h"
#include "drivers/camera/qr_decoder.h"
#include "drivers/camera/v4l2_capture.h"
#include "tests/support/skip.h"

using namespace yimen;
using namespace yimen::drivers::camera;
using namespace std::chrono_literals;

TEST_CASE("opening_a_missing_video_node_is_not_found") {
    auto device = LinuxV4l2Device::open("/dev/video-yimen-missing");
    REQUIRE_FALSE(device);
    CHECK(device.error().code == ErrorCode::notFound);
    CHECK_THAT(device.error().message, Catch::Contains("/dev/video-yimen-missing"));
}

TEST_CASE("a_device_node_that_is_not_v4l2_is_refused") {
    auto device = LinuxV4l2Device::open("/dev/null");
    REQUIRE_FALSE(device);
    CHECK(device.error().code == ErrorCode::invalidInput);
    CHECK_THAT(device.error().message, Catch::Contains("not a V4L2 device"));
}

TEST_CASE("a_regular_file_is_not_a_camera") {
    const auto path =
        std::filesystem::temp_directory_path() / ("yimen-not-a-camera-" + std::to_string(::getpid()));
    std::ofstream(path) << "frames";
    auto device = LinuxV4l2Device::open(path.string());
    std::filesystem::remove(path);
    REQUIRE_FALSE(device);
    CHECK(device.error().code == ErrorCode::invalidInput);
}

TEST_CASE("a_folder_without_video_nodes_has_no_capture_nodes") {
    const auto dir = std::filesystem::temp_directory_path() / ("yimen-dev-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "video0") << "not a device";
    CHECK(LinuxV4l2Device::captureNodes(dir.string()).empty());
    auto opened = LinuxV4l2Device::firstCaptureNodeOpener(dir.string())();
    std::filesystem::remove_all(dir);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == ErrorCode::notFound);
}

TEST_CASE("a_real_camera_streams_frames_that_the_decoder_reads", "[hardware]") {
    const auto nodes = LinuxV4l2Device::captureNodes();
    if (nodes.empty()) {
        YIMEN_SKIP("no V4L2 capture device attached");
    }
    auto device = LinuxV4l2Device::open(nodes.front());
    REQUIRE(device);
    auto capture = V4l2Capture::start(std::move(*device));
    INFO((capture ? "" : capture.error().describe()));
    REQUIRE(capture);
    int frames = 0;
    for (int i = 0; i < 30 && frames < 5; ++i) {
        auto frame = (*capture)->nextFrame(2s);
        if (frame && *frame) {
            ++frames;
            CHECK(QrDecoder().decode((*frame)->luma));
        }
    }
    CHECK(frames == 5);
}
