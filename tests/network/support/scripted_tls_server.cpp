// The scripted TLS server: OpenSSL on plain sockets, one connection at a time.
#include "scripted_tls_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

#include "common/tls/tls_context.h"

namespace yimen::network::test {

ScriptedTlsServer::ScriptedTlsServer(const std::string& certFile, const std::string& keyFile,
                                     std::string reply)
    : reply_(std::move(reply)) {
    Expected<std::unique_ptr<boost::asio::ssl::context>> context =
        tls::serverContext({.certFile = certFile, .keyFile = keyFile});
    if (!context)
        throw std::runtime_error("cannot load the scripted server's certificate: " + context.error().message);
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
        throw std::runtime_error("cannot listen for the scripted server");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

ScriptedTlsServer::~ScriptedTlsServer() {
    const char byte = 's';
    (void)!::write(wakeFds_[1], &byte, 1);
    thread_.join();
    ::close(listenFd_);
    ::close(wakeFds_[0]);
    ::close(wakeFds_[1]);
}

void ScriptedTlsServer::run() {
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
        serve(fd);
        ::close(fd);
    }
}

void ScriptedTlsServer::serve(int fd) {
    SSL* ssl = SSL_new(context_->native_handle());
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            const int n = SSL_read(ssl, buffer, sizeof buffer);
            if (n <= 0)
                break;
            request.append(buffer, static_cast<std::size_t>(n));
        }
        if (reply_.empty()) {
            while (SSL_read(ssl, buffer, sizeof buffer) > 0) {
            }
        } else {
            SSL_write(ssl, reply_.data(), static_cast<int>(reply_.size()));
            SSL_shutdown(ssl);
        }
    }
    SSL_free(ssl);
}

}  // namespace yimen::network::test
