// Plain POSIX sockets and OpenSSL, blocking with 2 s timeouts, so the attack itself stays cheap and bounded.
#include "tests/platform/abuse/attack_connections.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>

namespace yimen::testing {
namespace {

int connectFrom(unsigned short port, const std::string& source) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    timeval timeout{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

void raiseOwnDescriptorLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

struct AttackConnections::TlsConnection {
    int fd;
    SSL* ssl;
};

AttackConnections::~AttackConnections() {
    for (int fd : plain_) ::close(fd);
    for (TlsConnection* c : tls_) {
        SSL_free(c->ssl);
        ::close(c->fd);
        delete c;
    }
    SSL_CTX_free(static_cast<SSL_CTX*>(tlsContext_));
}

int AttackConnections::openIdle(unsigned short port, const std::string& source, int count) {
    int opened = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = connectFrom(port, source);
        if (fd < 0)
            continue;
        plain_.push_back(fd);
        ++opened;
    }
    return opened;
}

int AttackConnections::openPartialHandshakes(unsigned short port, const std::string& source, int count) {
    // A handshake record announcing a 200-byte ClientHello, of which only the first bytes come.
    static const unsigned char kStart[] = {0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00, 0x00, 0xc4, 0x03, 0x03};
    int opened = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = connectFrom(port, source);
        if (fd < 0)
            continue;
        plain_.push_back(fd);
        if (::send(fd, kStart, sizeof kStart, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof kStart))
            ++opened;
    }
    return opened;
}

int AttackConnections::openSlowHeaders(unsigned short port, const std::string& source, int count,
                                       const std::string& caFile, const std::string& certFile,
                                       const std::string& keyFile) {
    if (!tlsContext_) {
        SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_load_verify_locations(ctx, caFile.c_str(), nullptr);
        SSL_CTX_use_certificate_chain_file(ctx, certFile.c_str());
        SSL_CTX_use_PrivateKey_file(ctx, keyFile.c_str(), SSL_FILETYPE_PEM);
        tlsContext_ = ctx;
    }
    static const char kHead[] = "GET /api/v1/catalog HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    int opened = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = connectFrom(port, source);
        if (fd < 0)
            continue;
        SSL* ssl = SSL_new(static_cast<SSL_CTX*>(tlsContext_));
        SSL_set_fd(ssl, fd);
        tls_.push_back(new TlsConnection{fd, ssl});
        if (SSL_connect(ssl) == 1 && SSL_write(ssl, kHead, sizeof kHead - 1) > 0)
            ++opened;
    }
    return opened;
}

void AttackConnections::drip() {
    static const char kLine[] = "X-Slow: a\r\n";
    for (TlsConnection* c : tls_) (void)SSL_write(c->ssl, kLine, sizeof kLine - 1);
}

}  // namespace yimen::testing
