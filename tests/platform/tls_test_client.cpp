// The test client runs Beast's asynchronous operations to completion on a private io_context, so every step
// has a deadline (beast::tcp_stream timeouts) while the caller sees a blocking call.
#include "tests/platform/tls_test_client.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "common/tls/tls_context.h"

namespace yimen::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr auto kStepTimeout = std::chrono::seconds(10);
constexpr const char* kHost = "127.0.0.1";

}  // namespace

std::string TestResponse::header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    return it != headers.end() ? it->second : std::string();
}

struct TlsTestClient::Impl {
    unsigned short port;
    TestTls tls;
    net::io_context io;
    std::unique_ptr<ssl::context> context;
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;
    int connections = 0;
    std::optional<Error> setupError;

    Impl(unsigned short p, TestTls t) : port(p), tls(std::move(t)) {
        Expected<std::unique_ptr<ssl::context>> built =
            yimen::tls::clientContext({tls.caFile, tls.certFile, tls.keyFile});
        if (!built) {
            setupError =
                Error{ErrorCode::io, "loading the test client's TLS files: " + built.error().message};
            return;
        }
        context = std::move(*built);
        context->set_verify_callback(ssl::host_name_verification(kHost));
    }

    // Runs the operation started by `start` to completion and returns its error code.
    template <typename Start>
    beast::error_code run(Start&& start) {
        beast::error_code result = net::error::would_block;
        start([&result](beast::error_code ec, auto&&...) { result = ec; });
        io.restart();
        io.run();
        return result;
    }

    Status connect() {
        if (setupError)
            return fail(*setupError);
        stream.emplace(io, *context);
        buffer.clear();
        beast::get_lowest_layer(*stream).expires_after(kStepTimeout);
        const tcp::endpoint endpoint(net::ip::make_address(kHost), port);
        if (auto ec =
                run([&](auto handler) { beast::get_lowest_layer(*stream).async_connect(endpoint, handler); }))
            return fail(ErrorCode::unavailable, "connecting: " + ec.message());
        ++connections;
        beast::get_lowest_layer(*stream).expires_after(kStepTimeout);
        if (auto ec =
                run([&](auto handler) { stream->async_handshake(ssl::stream_base::client, handler); })) {
            stream.reset();
            return fail(ErrorCode::tls, "handshake: " + ec.message());
        }
        return {};
    }

    Expected<TestResponse> exchange(const std::function<beast::error_code()>& write) {
        const bool reused = stream.has_value();
        if (!stream) {
            if (Status s = connect(); !s)
                return fail(s.error());
        }
        beast::get_lowest_layer(*stream).expires_after(kStepTimeout);
        beast::error_code ec = write();
        if (ec && reused) {
            // The server closed the kept-alive connection meanwhile: once more on a new one.
            stream.reset();
            if (Status s = connect(); !s)
                return fail(s.error());
            beast::get_lowest_layer(*stream).expires_after(kStepTimeout);
            ec = write();
        }
        if (ec) {
            stream.reset();
            return fail(ec == beast::error::timeout ? ErrorCode::timeout : ErrorCode::io,
                        "writing: " + ec.message());
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        beast::get_lowest_layer(*stream).expires_after(kStepTimeout);
        ec = run([&](auto handler) { http::async_read(*stream, buffer, parser, handler); });
        if (ec) {
            stream.reset();
            const bool refused = ec.category() == net::error::get_ssl_category();
            return fail(ec == beast::error::timeout ? ErrorCode::timeout
                        : refused                   ? ErrorCode::tls
                                                    : ErrorCode::io,
                        "reading: " + ec.message());
        }
        const auto& message = parser.get();
        TestResponse response;
        response.status = static_cast<int>(message.result_int());
        for (const auto& field : message) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            response.headers[name] = std::string(field.value());
        }
        response.body = message.body();
        response.keepAlive = message.keep_alive();
        if (!response.keepAlive)
            stream.reset();
        return response;
    }
};

TlsTestClient::TlsTestClient(unsigned short port, TestTls tls)
    : impl_(std::make_unique<Impl>(port, std::move(tls))) {}

TlsTestClient::~TlsTestClient() = default;

Expected<TestResponse> TlsTestClient::send(const std::string& method, const std::string& target,
                                           const std::string& body,
                                           const std::map<std::string, std::string>& headers) {
    http::request<http::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    request.set(http::field::host, kHost);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty())
        request.set(http::field::content_type, "application/json; charset=utf-8");
    request.body() = body;
    request.prepare_payload();
    return impl_->exchange([&] {
        return impl_->run([&](auto handler) { http::async_write(*impl_->stream, request, handler); });
    });
}

Expected<TestResponse> TlsTestClient::sendRaw(const std::string& bytes) {
    return impl_->exchange([&] {
        return impl_->run(
            [&](auto handler) { net::async_write(*impl_->stream, net::buffer(bytes), handler); });
    });
}

int TlsTestClient::connectionCount() const {
    return impl_->connections;
}

void TlsTestClient::disconnect() {
    impl_->stream.reset();
}

}  // namespace yimen::testing
