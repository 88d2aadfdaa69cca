// The tty byte stream: non-blocking file descriptor, poll() for every wait, unplug seen as
// EIO/ENODEV/POLLHUP.
#include "drivers/idcard/tty_byte_stream.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "drivers/usb/libusb_bus.h"

namespace yimen::drivers::idcard {
namespace {

std::optional<speed_t> toSpeed(std::uint32_t baud) {
    switch (baud) {
    case 115200: return B115200;
    case 57600: return B57600;
    case 38400: return B38400;
    case 19200: return B19200;
    case 9600: return B9600;
    default: return std::nullopt;
    }
}

int pollMs(Timeout timeout) {
    const auto ms = timeout.count();
    return ms <= 0 ? 0 : ms > 60000 ? 60000 : static_cast<int>(ms);
}

}  // namespace

Expected<std::unique_ptr<TtyByteStream>> TtyByteStream::open(const std::string& path, std::uint32_t baud) {
    const auto speed = toSpeed(baud);
    if (!speed) {
        return fail(ErrorCode::invalidInput,
                    std::to_string(baud) + " bit/s is not a speed ID-card readers use");
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT || err == ENODEV || err == ENXIO) {
            return fail(ErrorCode::notFound, "opening " + path + ": no such device");
        }
        if (err == EACCES || err == EPERM) {
            return fail(ErrorCode::conflict, "opening " + path +
                                                 ": permission denied (check the udev rules " +
                                                 std::string(usb::kUdevRulesFile) + ")");
        }
        if (err == EBUSY) {
            return fail(ErrorCode::conflict, "opening " + path + ": busy");
        }
        return fail(ErrorCode::io, "opening " + path + ": " + errnoText(err));
    }
    std::unique_ptr<TtyByteStream> stream(new TtyByteStream(fd, path));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        return fail(ErrorCode::conflict, "opening " + path + ": another program is using it");
    }
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) {
        const int err = errno;
        return fail(err == ENOTTY ? Error{ErrorCode::invalidInput, path + " is not a serial port"}
                                  : stream->errnoError("reading the line settings", err));
    }
    ::cfmakeraw(&tio);
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS | CSIZE);
    tio.c_cflag |= CS8 | CLOCAL | CREAD;
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    // poll() does the waiting; read() then takes what is there.
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (::cfsetispeed(&tio, *speed) != 0 || ::cfsetospeed(&tio, *speed) != 0 ||
        ::tcsetattr(fd, TCSANOW, &tio) != 0) {
        return fail(stream->errnoError("setting 8N1 at " + std::to_string(baud) + " bit/s", errno));
    }
    ::tcflush(fd, TCIOFLUSH);
    return stream;
}

TtyByteStream::~TtyByteStream() {
    ::close(fd_);
}

Error TtyByteStream::errnoError(const std::string& what, int err) const {
    // The kernel answers EIO (or ENODEV/ENXIO) on a tty whose USB device was unplugged.
    if (err == EIO || err == ENODEV || err == ENXIO) {
        return {ErrorCode::unavailable, path_ + ": " + what + ": device unplugged"};
    }
    return {ErrorCode::io, path_ + ": " + what + ": " + errnoText(err)};
}

Status TtyByteStream::writeAll(std::span<const std::uint8_t> data, Timeout timeout) {
    const Deadline deadline = Clock::now() + timeout;
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return fail(errnoError("writing", errno));
        }
        pollfd p{fd_, POLLOUT, 0};
        const int ready = ::poll(&p, 1, pollMs(remainingUntil(deadline)));
        if (ready == 0) {
            return fail(ErrorCode::timeout, path_ + ": writing timed out (" + std::to_string(done) + " of " +
                                                std::to_string(data.size()) + " bytes written)");
        }
        if (ready < 0 && errno != EINTR) {
            return fail(errnoError("waiting to write", errno));
        }
        if (ready > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) {
            return fail(errnoError("writing", EIO));
        }
    }
    return {};
}

Expected<std::vector<std::uint8_t>> TtyByteStream::readSome(Timeout timeout) {
    const Deadline deadline = Clock::now() + timeout;
    bool polledReady = false;
    for (;;) {
        std::vector<std::uint8_t> buffer(4096);
        const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
        if (n > 0) {
            buffer.resize(static_cast<std::size_t>(n));
            return buffer;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return fail(errnoError("reading", errno));
        }
        // Readable, yet nothing to read: end of file, which a serial port only reaches when it is gone.
        if (n == 0 && polledReady) {
            return fail(errnoError("reading", EIO));
        }
        const Timeout left = remainingUntil(deadline);
        if (left.count() <= 0) {
            return fail(ErrorCode::timeout, path_ + ": nothing to read");
        }
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, pollMs(left));
        if (ready == 0) {
            return fail(ErrorCode::timeout, path_ + ": nothing to read");
        }
        if (ready < 0 && errno != EINTR) {
            return fail(errnoError("waiting to read", errno));
        }
        polledReady = ready > 0;
        // With POLLHUP and no data a read returns 0 forever: the other end (the device) is gone.
        if (ready > 0 && (p.revents & POLLIN) == 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) {
            return fail(errnoError("reading", EIO));
        }
    }
}

Status TtyByteStream::discardInput() {
    if (::tcflush(fd_, TCIFLUSH) != 0) {
        return fail(errnoError("discarding input", errno));
    }
    return {};
}

}  // namespace yimen::drivers::idcard
