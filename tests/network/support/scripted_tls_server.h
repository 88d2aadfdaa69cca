// A TLS server on 127.0.0.1 that answers every request with the same scripted bytes, for replies no real
// platform sends.
#pragma once

#include <memory>
#include <string>
#include <thread>

namespace boost::asio::ssl {
class context;
}

namespace yimen::network::test {

// Each connection: TLS handshake (no client certificate asked), read one request head, write `reply`
// verbatim, close. With an empty `reply` it reads the request and then says nothing until the client goes
// away.
class ScriptedTlsServer {
public:
    ScriptedTlsServer(const std::string& certFile, const std::string& keyFile, std::string reply);
    ~ScriptedTlsServer();
    ScriptedTlsServer(const ScriptedTlsServer&) = delete;
    ScriptedTlsServer& operator=(const ScriptedTlsServer&) = delete;

    unsigned short port() const { return port_; }

private:
    void run();
    void serve(int fd);

    std::string reply_;
    std::unique_ptr<boost::asio::ssl::context> context_;
    int listenFd_ = -1;
    int wakeFds_[2] = {-1, -1};
    unsigned short port_ = 0;
    std::thread thread_;
};

}  // namespace yimen::network::test
