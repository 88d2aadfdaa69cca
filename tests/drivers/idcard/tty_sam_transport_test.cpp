// The kernel tty transport against a pseudo-terminal whose other end plays a SAM reader: real termios, real
// poll(), real hang-up.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>

#include "drivers/idcard/sam_id_card_reader.h"
#include "drivers/idcard/sam_transport_factory.h"
#include "drivers/protocol/sam_frame.h"
#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::idcard;
using namespace yimen::drivers::idcard::test;

namespace {

// Plays a reader on the master side of a pty: answers each request frame with what `respond` returns (written
// in two pieces with a little garbage in front, as a serial line may deliver it).
class PtyReader {
public:
    using Respond = std::function<Bytes(const protocol::SamFrame&)>;

    explicit PtyReader(Respond respond) : respond_(std::move(respond)) {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
        REQUIRE(master_ >= 0);
        REQUIRE(::grantpt(master_) == 0);
        REQUIRE(::unlockpt(master_) == 0);
        path_ = ::ptsname(master_);
        thread_ = std::thread([this] { run(); });
    }
    ~PtyReader() { hangUp(); }

    const std::string& path() const { return path_; }
    int requests() const { return requests_.load(); }

    // Closes the master: the tty side sees the line hang up, as when a USB-serial reader is unplugged.
    void hangUp() {
        stop_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
        if (master_ >= 0) {
            ::close(master_);
            master_ = -1;
        }
    }

private:
    void run() {
        protocol::SamFrameDecoder decoder;
        while (!stop_) {
            pollfd p{master_, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0 || (p.revents & POLLIN) == 0) {
                continue;
            }
            std::uint8_t buffer[512];
            const ssize_t n = ::read(master_, buffer, sizeof buffer);
            if (n <= 0) {
                continue;
            }
            decoder.feed(std::span(buffer, static_cast<std::size_t>(n)));
            while (auto frame = decoder.next()) {
                if (!*frame) {
                    continue;
                }
                ++requests_;
                Bytes reply = fromHex("00 FF");
                const Bytes answer = respond_(**frame);
                reply.insert(reply.end(), answer.begin(), answer.end());
                // No Catch assertions on this thread; a failed write shows up as the test's own timeout.
                const std::size_t half = reply.size() / 2;
                if (::write(master_, reply.data(), half) < 0 ||
                    ::write(master_, reply.data() + half, reply.size() - half) < 0) {
                    continue;
                }
            }
        }
    }

    Respond respond_;
    int master_ = -1;
    std::string path_;
    std::atomic<bool> stop_{false};
    std::atomic<int> requests_{0};
    std::thread thread_;
};

Bytes cardOnReader(const protocol::SamFrame& request) {
    if (request.payload.size() < 2) {
        return replyFrame(0x21);
    }
    const std::uint8_t cmd = request.payload[0];
    const std::uint8_t para = request.payload[1];
    if (cmd == 0x20 && para == 0x01) {
        return kFindOk;
    }
    if (cmd == 0x20 && para == 0x02) {
        return kSelectOk;
    }
    if (cmd == 0x30 && para == 0x01) {
        return referenceVector("read_base_info_response");
    }
    return replyFrame(0x21);
}

SamReaderOptions testOptions() {
    SamReaderOptions options;
    options.todayYmd = kToday;
    return options;
}

}  // namespace

TEST_CASE("a reader on a kernel tty reads a card through termios and poll", "[idcard][tty]") {
    PtyReader device(&cardOnReader);
    SamIdCardReader reader([&] { return openTtySamTransport(device.path()); }, testOptions());
    auto result = reader.readCard();
    REQUIRE(result);
    REQUIRE(result->has_value());
    CHECK((*result)->name == "张三");
    CHECK((*result)->idNumber == "450403199003071230");
    CHECK(device.requests() == 3);
    CHECK(reader.describe() == device.path());
}

TEST_CASE("a tty reader with no card answers nothing found", "[idcard][tty]") {
    PtyReader device([](const protocol::SamFrame&) { return kNoCard; });
    SamIdCardReader reader([&] { return openTtySamTransport(device.path()); }, testOptions());
    auto result = reader.readCard();
    REQUIRE(result);
    CHECK_FALSE(result->has_value());
}

TEST_CASE("a silent tty reader times out within the budget instead of hanging", "[idcard][tty][fault]") {
    PtyReader device([](const protocol::SamFrame&) { return Bytes{}; });
    SamReaderOptions options = testOptions();
    options.findTimeout = Timeout{50};
    SamIdCardReader reader([&] { return openTtySamTransport(device.path()); }, options);
    auto result = reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::timeout);
}

TEST_CASE("a tty that hangs up is reported as unplugged", "[idcard][tty][fault]") {
    PtyReader device(&cardOnReader);
    auto transport = openTtySamTransport(device.path());
    REQUIRE(transport);
    device.hangUp();
    auto frame = (*transport)->exchange(kFindRequest, Clock::now() + Timeout{500});
    REQUIRE_FALSE(frame);
    CHECK(frame.error().code == ErrorCode::unavailable);
}

TEST_CASE("a tty that is already in use by another program is a conflict", "[idcard][tty][fault]") {
    PtyReader device(&cardOnReader);
    auto first = openTtySamTransport(device.path());
    REQUIRE(first);
    auto second = openTtySamTransport(device.path());
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::conflict);
}

TEST_CASE("a missing tty, a file that is not a tty and an odd speed are each refused clearly",
          "[idcard][tty]") {
    CHECK(openTtySamTransport("/dev/ttyUSB-yimen-absent").error().code == ErrorCode::notFound);
    const auto file =
        std::filesystem::temp_directory_path() / ("yimen-not-a-tty-" + std::to_string(::getpid()));
    std::FILE* f = std::fopen(file.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fclose(f);
    CHECK(openTtySamTransport(file.string()).error().code == ErrorCode::invalidInput);
    std::filesystem::remove(file);
    CHECK(openTtySamTransport("/dev/null", 12345).error().code == ErrorCode::invalidInput);
}
