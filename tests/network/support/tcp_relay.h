// A TCP relay in front of the platform on 127.0.0.1: counts connections and can drop or freeze them on
// demand.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace yimen::network::test {

// Forwards bytes unchanged, so TLS runs end to end between the kiosk and the platform.
// Every method may be called from the test thread; the relay runs its own thread.
class TcpRelay {
public:
    explicit TcpRelay(unsigned short targetPort);
    ~TcpRelay();
    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    unsigned short port() const { return port_; }
    int connectionsAccepted() const { return accepted_.load(); }

    // Closes every relayed connection, as a platform that drops idle keep-alive connections. Returns when
    // done.
    void dropConnections();
    // The next bytes any client sends are discarded and that connection is closed without an answer.
    void dropNextRequest();
    // Stops forwarding in both directions while keeping the connections open: the platform falls silent.
    void freeze();
    // From now on every byte the platform sends is passed on alone, `perByte` after the one before: the
    // answer (and the TLS handshake) arrives dripped, split across as many TCP segments as it has bytes.
    // Zero turns dripping off.
    void dripReplies(std::chrono::microseconds perByte) { dripMicros_.store(perByte.count()); }

private:
    enum class Command { drop, dropNext, freeze };
    struct Pair {
        int client = -1;
        int server = -1;
    };
    void run();
    void submit(Command command);
    void closePair(Pair& pair);
    bool forward(int from, int to, bool reply);

    unsigned short targetPort_;
    unsigned short port_ = 0;
    int listenFd_ = -1;
    int wakeFds_[2] = {-1, -1};
    std::atomic<int> accepted_{0};
    std::atomic<long long> dripMicros_{0};
    std::mutex mutex_;
    std::condition_variable done_;
    std::vector<Command> commands_;
    unsigned long submitted_ = 0;
    unsigned long handled_ = 0;
    bool stopping_ = false;
    // Relay-thread state.
    std::vector<Pair> pairs_;
    bool dropNext_ = false;
    bool frozen_ = false;
    std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens: connecting is refused.
unsigned short refusedPort();

// A TCP listener that completes the TCP handshake (the kernel does) but never reads or answers.
class SilentListener {
public:
    SilentListener();
    ~SilentListener();
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    unsigned short port() const { return port_; }

private:
    int fd_ = -1;
    unsigned short port_ = 0;
};

}  // namespace yimen::network::test
