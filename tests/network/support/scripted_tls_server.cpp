// The scripted TLS server: OpenSSL on the listener's sockets, one connection at a time.
#include "scripted_tls_server.h"

#include <openssl/ssl.h>

namespace yimen::network::test {

ScriptedTlsServer::ScriptedTlsServer(const std::string& certFile, const std::string& keyFile,
                                     std::string reply)
    : reply_(std::move(reply)),
      listener_(certFile, keyFile, "scripted server", [this](int fd) { serve(fd); }) {}

ScriptedTlsServer::~ScriptedTlsServer() = default;

void ScriptedTlsServer::serve(int fd) {
    SSL* ssl = SSL_new(listener_.context());
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
