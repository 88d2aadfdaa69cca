// Boost.Beast backend of the platform server: asynchronous TLS sessions on a small thread pool.
// Each connection runs on its own strand; handlers hold the session and the shared state by shared_ptr,
// so nothing they touch can be gone when they run.
#include "platform/server.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/resource.h>

#include <cerrno>

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
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "common/log.h"
#include "common/tls/tls_context.h"
#include "common/worker.h"
#include "platform/api.h"
#include "platform/certificate_api.h"
#include "platform/log_throttle.h"
#include "platform/pki.h"
#include "platform/revocation.h"
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
constexpr auto kAcceptBackoffFirst = 50ms;
constexpr auto kAcceptBackoffMost = 1000ms;
constexpr auto kAbuseLogInterval = 5s;
constexpr int kDefaultMaxConnections = 512;

// What every session shares: the API (with the store it borrows), the TLS context and where requests are
// handled.
struct Shared {
    std::unique_ptr<ApplicationStore> store;
    std::optional<Api> api;
    std::unique_ptr<ssl::context> tls;
    std::chrono::seconds idleTimeout{30};
    std::optional<ConnectionLimits> limits;
    std::optional<CertificateApi> certificates;
    std::optional<RevocationList> revocations;
    // Runs the handling of requests (see Server::Impl::handlers).
    std::optional<net::io_context::executor_type> handlers;
    ThrottledLog revokedCertificates{log::Level::warn, "http", kAbuseLogInterval};
    ThrottledLog acceptErrors{log::Level::warn, "http", kAbuseLogInterval};
    ThrottledLog refusedConnections{log::Level::warn, "http", kAbuseLogInterval};
    ThrottledLog evictedConnections{log::Level::warn, "http", kAbuseLogInterval};
    ThrottledLog failedHandshakes{log::Level::info, "http", kAbuseLogInterval};
};

// Errors after which accepting at once would fail again at once: wait before the next accept.
bool isResourceShortage(const beast::error_code& ec) {
    if (ec.category() != boost::system::system_category())
        return false;
    const int e = ec.value();
    return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM;
}

// The configured total, or 512 bounded by the descriptor limit less room for the database, the log and the
// listening socket, so the limit is reached before EMFILE.
int connectionCap(int configured) {
    if (configured > 0)
        return configured;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return kDefaultMaxConnections;
    const long soft = static_cast<long>(limit.rlim_cur);
    const long room = soft - std::max(16L, soft / 8);
    return static_cast<int>(std::clamp(room, 4L, static_cast<long>(kDefaultMaxConnections)));
}

bool isHttpParseError(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_version).category();
}

// The serial of the peer's certificate (pki::serialHex), or empty when there is none.
std::string peerSerial(SSL* ssl) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
    return cert ? pki::serialHex(cert.get()) : std::string();
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
    Session(tcp::socket socket, std::shared_ptr<Shared> shared,
            std::unique_ptr<ConnectionLimits::Ticket> ticket)
        : shared_(std::move(shared)), stream_(std::move(socket), *shared_->tls), ticket_(std::move(ticket)) {}

    void run() {
        // At the connection cap, this connection may be closed to make room while it handshakes or idles.
        ticket_->onEvict([weak = weak_from_this()] {
            if (auto self = weak.lock())
                net::post(self->stream_.get_executor(), [self] { self->evicted(); });
        });
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::onRun, shared_from_this()));
    }

private:
    enum class Close { no, now, linger };

    void onRun() {
        beast::get_lowest_layer(stream_).expires_after(kHandshakeTimeout);
        stream_.async_handshake(ssl::stream_base::server,
                                beast::bind_front_handler(&Session::onHandshake, shared_from_this()));
    }

    // Closing the socket ends the pending handshake or read with an error, which ends the session.
    void evicted() {
        beast::error_code ignored;
        beast::get_lowest_layer(stream_).socket().close(ignored);
    }

    void onHandshake(beast::error_code ec) {
        ticket_->handshakeFinished();
        if (ec) {
            shared_->failedHandshakes.write("TLS handshake refused: " + ec.message());
            return;
        }
        kioskId_ = peerCommonName(stream_.native_handle());
        serial_ = peerSerial(stream_.native_handle());
        readRequest();
    }

    void readRequest() {
        ticket_->idle();
        parser_.emplace();
        parser_->body_limit(kBodyLimit);
        parser_->header_limit(kHeaderLimit);
        beast::get_lowest_layer(stream_).expires_after(shared_->idleTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::onRead, shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t) {
        ticket_->busy();
        started_ = std::chrono::steady_clock::now();
        // What was parsed of the request line, also when the rest was refused; the query (which may hold a
        // query code) is not logged.
        const auto& header = parser_->get();
        method_ = header.method_string().empty() ? "-" : std::string(header.method_string());
        path_ = header.target().empty() ? "-" : pathOf(std::string(header.target()));
        if (ec == http::error::end_of_stream)
            return close();
        if (ec == http::error::body_limit)
            return respond(ApiResponse::error(apiError::payloadTooLarge()), Close::linger);
        if (isHttpParseError(ec))
            return respond(ApiResponse::error(apiError::malformedRequest()), Close::now);
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
        // Checked at every request rather than in the handshake, so the kiosk reads a 403 that says why and a
        // revocation also reaches a connection kept alive.
        if (serial_.empty() || shared_->revocations->isRevoked(serial_)) {
            shared_->revokedCertificates.write("refused the revoked certificate " + serial_ + " of " +
                                               kioskId_);
            return respond(
                ApiResponse::error({403, "certificate_revoked", "本机证书已被吊销，请联系技术人员", ""}),
                Close::now);
        }
        handle(std::move(apiRequest), request.keep_alive() ? Close::no : Close::now);
    }

    // Answers on a handler thread, then writes the answer on this session's strand: a create waits there for
    // its batch to be committed while this I/O thread serves other connections.
    void handle(ApiRequest request, Close close) {
        net::post(*shared_->handlers, [self = shared_from_this(), request = std::move(request), close] {
            ApiResponse answer = pathOf(request.target) == kKioskCertificatePath
                                     ? self->shared_->certificates->handle(request)
                                     : self->shared_->api->handle(request);
            net::post(self->stream_.get_executor(),
                      [self, answer = std::move(answer), close] { self->respond(answer, close); });
        });
    }

    void respond(const ApiResponse& answer, Close close) {
        close_ = close;
        response_ = {};
        response_.version(11);
        response_.result(static_cast<unsigned>(answer.status));
        response_.set(http::field::server, "yimen-platform");
        bool typed = false;
        for (const auto& [name, value] : answer.headers) {
            response_.set(name, value);
            typed = typed || beast::iequals(name, "Content-Type");
        }
        if (!answer.body.empty() && !typed)
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
    std::unique_ptr<ConnectionLimits::Ticket> ticket_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    std::string kioskId_ = "-";
    std::string serial_;
    std::string method_ = "-", path_ = "-";
    std::chrono::steady_clock::time_point started_;
    Close close_ = Close::no;
    std::array<char, 16 * 1024> drain_{};
    std::size_t lingered_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& io, tcp::acceptor acceptor, std::shared_ptr<Shared> shared)
        : io_(io), acceptor_(std::move(acceptor)), shared_(std::move(shared)), backoffTimer_(io) {}

    void accept() {
        acceptor_.async_accept(net::make_strand(io_),
                               beast::bind_front_handler(&Listener::onAccept, shared_from_this()));
    }

private:
    // Only one accept is outstanding at a time, so these handlers never run concurrently.
    void onAccept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted)
            return;
        if (ec && isResourceShortage(ec))
            return backOff(ec);
        backoff_ = kAcceptBackoffFirst;
        if (ec) {
            shared_->acceptErrors.write("accepting a connection: " + ec.message());
            return accept();
        }
        beast::error_code ignored;
        const std::string peer = socket.remote_endpoint(ignored).address().to_string();
        ConnectionLimits::Admission admission = shared_->limits->admit(peer);
        if (!admission.ticket) {
            shared_->refusedConnections.write("closed a connection from " + peer + ": " +
                                              describe(admission.refusal));
            socket.close(ignored);
            return accept();
        }
        if (admission.evicted)
            shared_->evictedConnections.write(
                "at the connection cap: closed the connection from " + admission.evicted->peer + ", " +
                (admission.evicted->handshaking ? "in its TLS handshake" : "idle") + " for " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::milliseconds>(admission.evicted->for_).count()) +
                " ms, to serve a new one from " + peer);
        std::make_shared<Session>(std::move(socket), shared_, std::move(admission.ticket))->run();
        accept();
    }

    // Accepting again at once would fail again at once (the spin of a full descriptor table): wait,
    // longer each time, while the connections that hold descriptors time out.
    void backOff(const beast::error_code& ec) {
        shared_->acceptErrors.write("accepting a connection: " + ec.message() + "; accepting again in " +
                                    std::to_string(backoff_.count()) + " ms");
        backoffTimer_.expires_after(backoff_);
        backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(kAcceptBackoffMost));
        backoffTimer_.async_wait([self = shared_from_this()](beast::error_code waited) {
            if (waited != net::error::operation_aborted)
                self->accept();
        });
    }

    net::io_context& io_;
    tcp::acceptor acceptor_;
    std::shared_ptr<Shared> shared_;
    net::steady_timer backoffTimer_;
    std::chrono::milliseconds backoff_ = kAcceptBackoffFirst;
};

}  // namespace

struct Server::Impl {
    std::shared_ptr<Shared> shared;
    std::unique_ptr<net::io_context> io;
    std::vector<std::thread> threads;
    // Requests are handled here, on their own workers, not on the I/O threads: handling may wait for the
    // database (a create for its batch's commit), and as many creates as there are handlers can share one
    // batch while the I/O threads go on with the TLS of every other connection.
    std::unique_ptr<net::io_context> handlers;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> handlersWork;
    std::vector<std::unique_ptr<Worker>> handlerWorkers;
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
    // A request being handled finishes (its answer is posted to the stopped I/O context and dropped); then
    // the handlers' pending work goes, releasing its sessions while their I/O context still exists.
    for (std::unique_ptr<Worker>& worker : impl_->handlerWorkers) worker->requestStop();
    impl_->handlersWork.reset();
    impl_->handlers->stop();
    for (std::unique_ptr<Worker>& worker : impl_->handlerWorkers) worker->stop();
    impl_->handlers.reset();
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
    if (config.issuingCertFile.empty())
        config.issuingCertFile = pki + "/issuing.crt";
    if (config.issuingKeyFile.empty())
        config.issuingKeyFile = pki + "/issuing.key";
    Expected<std::unique_ptr<pki::Issuer>> issuer =
        pki::Issuer::load(config.issuingCertFile, config.issuingKeyFile);
    if (!issuer)
        return fail(issuer.error().withContext("loading the issuing CA"));

    auto shared = std::make_shared<Shared>();
    shared->store = std::move(*store);
    shared->api.emplace(*shared->store, std::move(*catalog));
    shared->idleTimeout = config.idleTimeout;
    ConnectionLimitsConfig limits = config.limits;
    limits.total = connectionCap(limits.total);
    shared->limits.emplace(limits);
    shared->certificates.emplace(std::move(*issuer), pki, config.kioskCertificateDays);
    shared->revocations.emplace(revocationListPath(pki));
    Expected<std::unique_ptr<ssl::context>> context =
        tls::serverContext({.certFile = config.certFile,
                            .keyFile = config.keyFile,
                            .clientCaFiles = {config.caFile, config.issuingCertFile},
                            .requireClientCertificate = true});
    if (!context)
        return fail(context.error());
    shared->tls = std::move(*context);

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

    impl->handlers = std::make_unique<net::io_context>(1);
    impl->handlersWork.emplace(impl->handlers->get_executor());
    shared->handlers.emplace(impl->handlers->get_executor());
    for (int i = 0; i < std::max(1, config.handlerThreads); ++i) {
        auto worker = std::make_unique<Worker>("platform-handler-" + std::to_string(i + 1));
        worker->start([io = impl->handlers.get()](StopToken& stop) {
            while (!stop.stopRequested()) {
                io->run();  // returns when stopped; a handler that throws is logged by the worker
                if (!stop.stopRequested())
                    io->restart();
            }
        });
        impl->handlerWorkers.push_back(std::move(worker));
    }

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
