// The TCP relay and the silent and refusing ports used to put the HTTPS client in front of network faults.
#include "tcp_relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace yimen::network::test {
namespace {

sockaddr_in loopback(unsigned short port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A listening socket on 127.0.0.1 with an ephemeral port.
int listenOnLoopback(unsigned short& port, int backlog) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw std::runtime_error("socket failed");
    sockaddr_in address = loopback(0);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd, backlog) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    return fd;
}

bool writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

TcpRelay::TcpRelay(unsigned short targetPort) : targetPort_(targetPort) {
    listenFd_ = listenOnLoopback(port_, 16);
    if (::pipe2(wakeFds_, O_CLOEXEC) != 0) {
        ::close(listenFd_);
        throw std::runtime_error("pipe failed");
    }
    thread_ = std::thread([this] { run(); });
}

TcpRelay::~TcpRelay() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    const char byte = 's';
    (void)!::write(wakeFds_[1], &byte, 1);
    thread_.join();
    for (Pair& pair : pairs_) closePair(pair);
    ::close(listenFd_);
    ::close(wakeFds_[0]);
    ::close(wakeFds_[1]);
}

void TcpRelay::submit(Command command) {
    unsigned long ticket = 0;
    {
        std::lock_guard lock(mutex_);
        commands_.push_back(command);
        ticket = ++submitted_;
    }
    const char byte = 'c';
    (void)!::write(wakeFds_[1], &byte, 1);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return handled_ >= ticket; });
}

void TcpRelay::dropConnections() {
    submit(Command::drop);
}
void TcpRelay::dropNextRequest() {
    submit(Command::dropNext);
}
void TcpRelay::freeze() {
    submit(Command::freeze);
}

void TcpRelay::closePair(Pair& pair) {
    if (pair.client >= 0)
        ::close(pair.client);
    if (pair.server >= 0)
        ::close(pair.server);
    pair.client = pair.server = -1;
}

bool TcpRelay::forward(int from, int to, bool reply) {
    char buffer[64 * 1024];
    const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
    if (n <= 0)
        return false;
    const long long drip = reply ? dripMicros_.load() : 0;
    if (drip <= 0)
        return writeAll(to, buffer, static_cast<std::size_t>(n));
    const int noDelay = 1;
    ::setsockopt(to, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    for (ssize_t i = 0; i < n; ++i) {
        if (!writeAll(to, buffer + i, 1))
            return false;
        std::this_thread::sleep_for(std::chrono::microseconds(drip));
    }
    return true;
}

void TcpRelay::run() {
    for (;;) {
        std::vector<pollfd> fds;
        fds.push_back({wakeFds_[0], POLLIN, 0});
        fds.push_back({listenFd_, POLLIN, 0});
        if (!frozen_) {
            for (const Pair& pair : pairs_) {
                fds.push_back({pair.client, POLLIN, 0});
                fds.push_back({pair.server, POLLIN, 0});
            }
        }
        if (::poll(fds.data(), fds.size(), -1) < 0)
            continue;

        if (fds[0].revents) {
            char drain[64];
            (void)!::read(wakeFds_[0], drain, sizeof drain);
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
            for (Command command : commands_) {
                if (command == Command::drop) {
                    for (Pair& pair : pairs_) closePair(pair);
                    pairs_.clear();
                } else if (command == Command::dropNext) {
                    dropNext_ = true;
                } else {
                    frozen_ = true;
                }
                ++handled_;
            }
            commands_.clear();
            done_.notify_all();
            continue;  // the pairs may have changed under the poll set
        }

        if (fds[1].revents & POLLIN) {
            const int client = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client >= 0) {
                ++accepted_;
                const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                sockaddr_in target = loopback(targetPort_);
                if (server >= 0 &&
                    ::connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0) {
                    pairs_.push_back({client, server});
                } else {
                    if (server >= 0)
                        ::close(server);
                    ::close(client);
                }
            }
        }

        if (frozen_)
            continue;
        const std::size_t watched = (fds.size() - 2) / 2;
        for (std::size_t i = 0; i < watched; ++i) {
            Pair& pair = pairs_[i];
            const pollfd& fromClient = fds[2 + 2 * i];
            const pollfd& fromServer = fds[3 + 2 * i];
            bool alive = true;
            if (fromClient.revents) {
                if (dropNext_) {
                    dropNext_ = false;
                    alive = false;
                } else {
                    alive = forward(pair.client, pair.server, false);
                }
            }
            if (alive && fromServer.revents)
                alive = forward(pair.server, pair.client, true);
            if (!alive)
                closePair(pair);
        }
        std::erase_if(pairs_, [](const Pair& pair) { return pair.client < 0; });
    }
}

unsigned short refusedPort() {
    unsigned short port = 0;
    const int fd = listenOnLoopback(port, 1);
    ::close(fd);
    return port;
}

SilentListener::SilentListener() {
    fd_ = listenOnLoopback(port_, 16);
}

SilentListener::~SilentListener() {
    ::close(fd_);
}

}  // namespace yimen::network::test
