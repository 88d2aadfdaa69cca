// The listening half of the test TLS peers: a socket on 127.0.0.1, one connection at a time on its own
// thread, with the server context from common/tls.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace boost::asio::ssl {
class context;
}
typedef struct ssl_ctx_st SSL_CTX;

namespace yimen::network::test {

class LoopbackTlsListener {
public:
    // Listens on an ephemeral port of 127.0.0.1 with certFile/keyFile (no client certificate asked) and calls
    // `serve` on the listener's thread for each accepted socket, which has 5 s send and receive timeouts and
    // is closed after `serve` returns. `who` names the peer in errors. Throws std::runtime_error when the
    // certificate cannot be loaded or the socket cannot listen.
    LoopbackTlsListener(const std::string& certFile, const std::string& keyFile, const std::string& who,
                        std::function<void(int fd)> serve);
    // Stops accepting and joins the thread (waits for the connection being served).
    ~LoopbackTlsListener();
    LoopbackTlsListener(const LoopbackTlsListener&) = delete;
    LoopbackTlsListener& operator=(const LoopbackTlsListener&) = delete;

    unsigned short port() const { return port_; }
    // For SSL_new on the accepted sockets.
    SSL_CTX* context() const;

private:
    void run();

    std::function<void(int)> serve_;
    std::unique_ptr<boost::asio::ssl::context> context_;
    int listenFd_ = -1;
    int wakeFds_[2] = {-1, -1};
    unsigned short port_ = 0;
    std::thread thread_;
};

}  // namespace yimen::network::test
