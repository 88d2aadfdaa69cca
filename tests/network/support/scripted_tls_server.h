// A TLS server on 127.0.0.1 that answers every request with the same scripted bytes, for replies no real
// platform sends.
#pragma once

#include <string>

#include "loopback_tls_listener.h"

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

    unsigned short port() const { return listener_.port(); }

private:
    void serve(int fd);

    std::string reply_;
    LoopbackTlsListener listener_;  // last: its thread stops before the members it serves with go
};

}  // namespace yimen::network::test
