// StopRequest and StopSignals: a stop by signal that wakes the loop through a pipe and a thread.
#include "kiosk/stop_request.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>

#include "common/log.h"

namespace yimen::kiosk {
namespace {

// The write end of the live StopSignals' pipe (-1: none), and whether a signal came: all a handler touches.
std::atomic<int> gSignalPipe{-1};
volatile std::sig_atomic_t gSignalled = 0;

extern "C" void onStopSignal(int) {
    const int saved = errno;
    gSignalled = 1;
    const int fd = gSignalPipe.load();
    if (fd >= 0) {
        const char byte = 's';
        [[maybe_unused]] const ssize_t n = ::write(fd, &byte, 1);  // a full pipe already holds a wake
    }
    errno = saved;
}

void setHandler(void (*handler)(int)) {
    struct sigaction sa {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
}

}  // namespace

void StopRequest::request() {
    requested_.store(true);
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        wake = wake_;
    }
    if (wake)
        wake();
}

void StopRequest::setWaker(std::function<void()> wake) {
    {
        std::lock_guard lock(mutex_);
        wake_ = wake;
    }
    if (wake && requested())
        wake();
}

Expected<std::unique_ptr<StopSignals>> StopSignals::install(StopRequest& stop) {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC | O_NONBLOCK) != 0)
        return fail(ErrorCode::io, "making the stop signals' pipe: " + errnoText(errno));
    int none = -1;
    if (!gSignalPipe.compare_exchange_strong(none, fds[1])) {
        ::close(fds[0]);
        ::close(fds[1]);
        return fail(ErrorCode::conflict, "the stop signals are watched already");
    }
    std::unique_ptr<StopSignals> signals(new StopSignals(stop, fds[0], fds[1]));
    signals->worker_.start([s = signals.get()](StopToken& token) { s->watch(token); });
    gSignalled = 0;
    setHandler(onStopSignal);
    return signals;
}

StopSignals::StopSignals(StopRequest& stop, int readFd, int writeFd)
    : stop_(stop), readFd_(readFd), writeFd_(writeFd) {}

StopSignals::~StopSignals() {
    setHandler(SIG_DFL);
    gSignalPipe.store(-1);
    worker_.requestStop();
    const char byte = 'q';
    [[maybe_unused]] const ssize_t n = ::write(writeFd_, &byte, 1);  // ends the thread's poll
    worker_.stop();
    ::close(readFd_);
    ::close(writeFd_);
}

void StopSignals::watch(StopToken& token) {
    while (!token.stopRequested()) {
        pollfd in{readFd_, POLLIN, 0};
        if (::poll(&in, 1, -1) < 0 && errno != EINTR) {
            log::error("kiosk", "waiting for a stop signal: " + errnoText(errno));
            token.waitFor(std::chrono::seconds(1));  // then the wait again
            continue;
        }
        std::array<char, 64> drained{};
        while (::read(readFd_, drained.data(), drained.size()) > 0) {
        }
        if (gSignalled != 0) {
            log::info("kiosk", "stop signal received");
            stop_.request();
        }
    }
}

}  // namespace yimen::kiosk
