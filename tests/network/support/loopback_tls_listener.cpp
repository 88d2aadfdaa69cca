// The test peers' listener: plain sockets, a wake pipe to stop the accept loop.
#include "loopback_tls_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

#include "common/tls/tls_context.h"

namespace yimen::network::test {

LoopbackTlsListener::LoopbackTlsListener(const std::string& certFile, const std::string& keyFile,
                                         const std::string& who, std::function<void(int fd)> serve)
    : serve_(std::move(serve)) {
    Expected<std::unique_ptr<boost::asio::ssl::context>> context =
        tls::serverContext({.certFile = certFile, .keyFile = keyFile});
    if (!context)
        throw std::runtime_error("cannot load the " + who + "'s certificate: " + context.error().message);
    context_ = std::move(*context);
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listenFd_ < 0 || ::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listenFd_, 8) != 0 ||
        ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        ::pipe2(wakeFds_, O_CLOEXEC) != 0) {
        if (listenFd_ >= 0)
            ::close(listenFd_);
        throw std::runtime_error("cannot listen for the " + who);
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

LoopbackTlsListener::~LoopbackTlsListener() {
    const char byte = 's';
    (void)!::write(wakeFds_[1], &byte, 1);
    thread_.join();
    ::close(listenFd_);
    ::close(wakeFds_[0]);
    ::close(wakeFds_[1]);
}

SSL_CTX* LoopbackTlsListener::context() const {
    return context_->native_handle();
}

void LoopbackTlsListener::run() {
    for (;;) {
        pollfd fds[2] = {{wakeFds_[0], POLLIN, 0}, {listenFd_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0)
            continue;
        if (fds[0].revents)
            return;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        // A client that stops talking must not hold this thread (and the test's teardown) for long.
        timeval limit{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        serve_(fd);
        ::close(fd);
    }
}

}  // namespace yimen::network::test
