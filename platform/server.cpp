// Boost.Beast backend of the platform server: asynchronous TLS sessions on a small thread pool.
// Each connection runs on its own strand; handlers hold the session and the shared state by shared_ptr,
// so nothing they touch can be gone when they run.
#include "platform/server.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "common/log.h"
#include "platform/api.h"
#include "platform/state_dir.h"

namespace yimen::platform {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr std::size_t kBodyLimit = 1024 * 1024;
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr auto kHandshakeTimeout = 10s;
constexpr auto kWriteTimeout = 30s;
constexpr auto kShutdownTimeout = 5s;
// After refusing an oversized body, the rest of it is read and dropped for a while, so the client can finish
// sending and then read the 413 instead of seeing its connection reset.
constexpr auto kLingerTimeout = 2s;
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;
constexpr unsigned char kSessionIdContext[] = "yimen-platform";

// What every session shares: the API (with the store it borrows) and the TLS context.
struct Shared {
    std::unique_ptr<ApplicationStore> store;
    std::optional<Api> api;
    ssl::context tls{ssl::context::tls_server};
    std::chrono::seconds idleTimeout{30};
};

bool isHttpParseError(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_version).category();
}

// The CN of the peer's certificate, or "-" when there is none.
std::string peerCommonName(SSL* ssl) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
    if (!cert)
        return "-";
    const X509_NAME* subject = X509_get_subject_name(cert.get());
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0)
        return "-";
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return "-";
    std::string name(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return name;
}

std::string elapsedMs(std::chrono::steady_clock::time_point since) {
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - since);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1fms", static_cast<double>(us.count()) / 1000.0);
    return buffer;
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), stream_(std::move(socket), shared_->tls) {}

    void run() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::onRun, shared_from_this()));
    }

private:
    void onRun() {
        beast::get_lowest_layer(stream_).expires_after(kHandshakeTimeout);
        stream_.async_handshake(ssl::stream_base::server,
                                beast::bind_front_handler(&Session::onHandshake, shared_from_this()));
    }

    void onHandshake(beast::error_code ec) {
        if (ec) {
            log::info("http", "TLS handshake refused: " + ec.message());
            return;
        }
        kioskId_ = peerCommonName(stream_.native_handle());
        readRequest();
    }

    void readRequest() {
        parser_.emplace();
        parser_->body_limit(kBodyLimit);
        parser_->header_limit(kHeaderLimit);
        beast::get_lowest_layer(stream_).expires_after(shared_->idleTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::onRead, shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t) {
        started_ = std::chrono::steady_clock::now();
        // What was parsed of the request line, also when the rest was refused; the query (which may hold a
        // query code) is not logged.
        const auto& header = parser_->get();
        method_ = header.method_string().empty() ? "-" : std::string(header.method_string());
        path_ = header.target().empty() ? "-" : pathOf(std::string(header.target()));
        if (ec == http::error::end_of_stream)
            return close();
        if (ec == http::error::body_limit)
            return respond(ApiResponse::error(ApiError::payloadTooLarge()), Close::linger);
        if (isHttpParseError(ec))
            return respond(ApiResponse::error(ApiError::malformedRequest()), Close::now);
        if (ec)
            return;  // timeout, reset or TLS failure: nothing more can be said on this connection

        http::request<http::string_body> request = parser_->release();
        ApiRequest apiRequest;
        apiRequest.method = std::string(request.method_string());
        apiRequest.target = std::string(request.target());
        for (const auto& field : request) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            apiRequest.headers[name] = std::string(field.value());
        }
        apiRequest.body = std::move(request.body());
        apiRequest.kioskId = kioskId_;
        respond(shared_->api->handle(apiRequest), request.keep_alive() ? Close::no : Close::now);
    }

    enum class Close { no, now, linger };

    void respond(const ApiResponse& answer, Close close) {
        close_ = close;
        response_ = {};
        response_.version(11);
        response_.result(static_cast<unsigned>(answer.status));
        response_.set(http::field::server, "yimen-platform");
        for (const auto& [name, value] : answer.headers) response_.set(name, value);
        if (!answer.body.empty())
            response_.set(http::field::content_type, "application/json; charset=utf-8");
        response_.body() = answer.body;
        response_.keep_alive(close == Close::no);
        response_.prepare_payload();

        log::info("http", method_ + " " + path_ + " " + std::to_string(answer.status) + " " +
                              elapsedMs(started_) + " " + kioskId_);

        beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
        http::async_write(stream_, response_,
                          beast::bind_front_handler(&Session::onWrite, shared_from_this()));
    }

    void onWrite(beast::error_code ec, std::size_t) {
        if (ec)
            return log::info("http",
                             method_ + " " + path_ + ": the answer was not delivered: " + ec.message());
        switch (close_) {
        case Close::no: return readRequest();
        case Close::now: return close();
        case Close::linger: lingered_ = 0; return linger();
        }
    }

    void linger() {
        beast::get_lowest_layer(stream_).expires_after(kLingerTimeout);
        stream_.async_read_some(net::buffer(drain_),
                                beast::bind_front_handler(&Session::onLinger, shared_from_this()));
    }

    void onLinger(beast::error_code ec, std::size_t n) {
        lingered_ += n;
        if (ec || lingered_ > kLingerBytes)
            return close();
        linger();
    }

    void close() {
        beast::get_lowest_layer(stream_).expires_after(kShutdownTimeout);
        stream_.async_shutdown(beast::bind_front_handler(&Session::onShutdown, shared_from_this()));
    }

    void onShutdown(beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    std::shared_ptr<Shared> shared_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    std::string kioskId_ = "-";
    std::string method_ = "-", path_ = "-";
    std::chrono::steady_clock::time_point started_;
    Close close_ = Close::no;
    std::array<char, 16 * 1024> drain_{};
    std::size_t lingered_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& io, tcp::acceptor acceptor, std::shared_ptr<Shared> shared)
        : io_(io), acceptor_(std::move(acceptor)), shared_(std::move(shared)) {}

    void accept() {
        acceptor_.async_accept(net::make_strand(io_),
                               beast::bind_front_handler(&Listener::onAccept, shared_from_this()));
    }

private:
    void onAccept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted)
            return;
        if (ec)
            log::warn("http", "accepting a connection: " + ec.message());
        else
            std::make_shared<Session>(std::move(socket), shared_)->run();
        accept();
    }

    net::io_context& io_;
    tcp::acceptor acceptor_;
    std::shared_ptr<Shared> shared_;
};

Status configureTls(ssl::context& tls, const std::string& certFile, const std::string& keyFile,
                    const std::string& caFile) {
    SSL_CTX* ctx = tls.native_handle();
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1)
        return fail(ErrorCode::tls, "cannot require TLS 1.2 or newer");
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    beast::error_code ec;
    if (tls.use_certificate_chain_file(certFile, ec); ec)
        return fail(ErrorCode::io, "loading the server certificate " + certFile + ": " + ec.message());
    if (tls.use_private_key_file(keyFile, ssl::context::pem, ec); ec)
        return fail(ErrorCode::io, "loading the server key " + keyFile + ": " + ec.message());
    if (tls.load_verify_file(caFile, ec); ec)
        return fail(ErrorCode::io, "loading the CA " + caFile + ": " + ec.message());
    // Tells clients which CA their certificate must come from.
    STACK_OF(X509_NAME)* acceptedIssuers = SSL_load_client_CA_file(caFile.c_str());
    if (acceptedIssuers == nullptr)
        return fail(ErrorCode::io, caFile + " holds no CA certificate");
    SSL_CTX_set_client_CA_list(ctx, acceptedIssuers);
    tls.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
    if (ec)
        return fail(ErrorCode::tls, "requiring client certificates: " + ec.message());
    // Session resumption with client certificates needs a session id context.
    SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1);
    return {};
}

}  // namespace

struct Server::Impl {
    std::shared_ptr<Shared> shared;
    std::unique_ptr<net::io_context> io;
    std::vector<std::thread> threads;
    unsigned short port = 0;
    std::atomic<bool> stopped{false};
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
    stop();
}

unsigned short Server::port() const {
    return impl_->port;
}

void Server::stop() {
    if (impl_->stopped.exchange(true))
        return;
    impl_->io->stop();
    for (std::thread& t : impl_->threads)
        if (t.joinable())
            t.join();
    // Destroying the io_context destroys every pending handler, and with them the listener and the sessions,
    // which closes their sockets.
    impl_->io.reset();
    impl_->shared.reset();
}

Expected<std::unique_ptr<Server>> Server::start(ServerConfig config) {
    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(config.stateDir);
    if (!store)
        return fail(store.error().withContext("starting the platform"));

    Expected<ServedCatalog> catalog = loadCatalog(config.catalogFile);
    if (!catalog)
        return fail(catalog.error());
    Expected<std::optional<ApplicationStore::StoredCatalog>> stored = (*store)->storedCatalog();
    if (!stored)
        return fail(stored.error());
    if (!*stored || (*stored)->version != catalog->version) {
        if (Status s = (*store)->saveCatalog(catalog->version, catalog->json); !s)
            return fail(s.error());
        log::info("platform", "catalog version " + catalog->version + " with " +
                                  std::to_string(catalog->catalog.items.size()) + " items");
    }

    const std::string pki = pkiDir(config.stateDir);
    if (config.certFile.empty())
        config.certFile = pki + "/server.crt";
    if (config.keyFile.empty())
        config.keyFile = pki + "/server.key";
    if (config.caFile.empty())
        config.caFile = pki + "/ca.crt";

    auto shared = std::make_shared<Shared>();
    shared->store = std::move(*store);
    shared->api.emplace(*shared->store, std::move(*catalog));
    shared->idleTimeout = config.idleTimeout;
    if (Status s = configureTls(shared->tls, config.certFile, config.keyFile, config.caFile); !s)
        return fail(s.error());

    auto impl = std::make_unique<Impl>();
    const int threads = std::max(1, config.threads);
    impl->io = std::make_unique<net::io_context>(threads);
    impl->shared = shared;

    beast::error_code ec;
    const net::ip::address address = net::ip::make_address(config.host, ec);
    if (ec)
        return fail(ErrorCode::invalidInput, "'" + config.host + "' is not an IP address");
    const tcp::endpoint endpoint(address, config.port);
    const std::string where = config.host + ":" + std::to_string(config.port);
    tcp::acceptor acceptor(*impl->io);
    if (acceptor.open(endpoint.protocol(), ec); ec)
        return fail(ErrorCode::io, "opening " + where + ": " + ec.message());
    if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec)
        return fail(ErrorCode::io, "configuring " + where + ": " + ec.message());
    if (acceptor.bind(endpoint, ec); ec)
        return fail(ErrorCode::io, "binding " + where + ": " + ec.message());
    if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
        return fail(ErrorCode::io, "listening on " + where + ": " + ec.message());
    impl->port = acceptor.local_endpoint(ec).port();
    if (ec)
        return fail(ErrorCode::io, "reading the bound port: " + ec.message());

    std::make_shared<Listener>(*impl->io, std::move(acceptor), shared)->accept();
    for (int i = 0; i < threads; ++i) {
        impl->threads.emplace_back([io = impl->io.get()] {
            for (;;) {
                try {
                    io->run();
                    return;
                } catch (const std::exception& e) {
                    log::error("http", std::string("a server thread caught: ") + e.what());
                }
            }
        });
    }
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

}  // namespace yimen::platform
