// A byte stream over a kernel serial tty (/dev/ttyUSB0 with the kernel's ch341/cp210x/pl2303 driver): termios
// raw mode, 8N1, no flow control, reads bounded by poll().
#pragma once

#include <memory>
#include <string>

#include "drivers/idcard/sam_transport.h"

namespace yimen::drivers::idcard {

class TtyByteStream final : public ByteStream {
public:
    // Opens `path` without becoming its controlling terminal, takes an exclusive lock on it, and sets raw 8N1
    // at `baud` (115200, 57600, 38400, 19200 or 9600). Errors: notFound (no such device), conflict
    // (permission: the message names the udev rule; or another program holds the lock), invalidInput
    // (unsupported speed, not a tty), io.
    [[nodiscard]] static Expected<std::unique_ptr<TtyByteStream>> open(const std::string& path,
                                                                       std::uint32_t baud = 115200);
    ~TtyByteStream() override;
    TtyByteStream(const TtyByteStream&) = delete;
    TtyByteStream& operator=(const TtyByteStream&) = delete;

    [[nodiscard]] Status writeAll(std::span<const std::uint8_t> data, Timeout timeout) override;
    [[nodiscard]] Expected<std::vector<std::uint8_t>> readSome(Timeout timeout) override;
    [[nodiscard]] Status discardInput() override;
    std::string describe() const override { return path_; }

private:
    TtyByteStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    Error errnoError(const std::string& what, int err) const;

    int fd_;
    std::string path_;
};

}  // namespace yimen::drivers::idcard
