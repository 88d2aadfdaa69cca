// How many connections the platform holds at once, in all and per peer address, and how many of a peer's
// connections may be in their TLS handshake: what keeps idle and half-open connections from taking every
// descriptor.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace yimen::platform {

struct ConnectionLimitsConfig {
    int total = 512;             // connections held at once
    int perPeer = 64;            // from one peer address (kiosks of one office may share an address)
    int handshakesPerPeer = 16;  // of those, still in their TLS handshake
};

// Thread-safe. Tickets may be released from any thread, also after the limits object is gone from the
// caller's view (they share its state).
class ConnectionLimits {
public:
    enum class Refusal { total, perPeer, handshakesPerPeer };

    // One admitted connection; releases its place (and its handshake place, if still held) when destroyed.
    class Ticket {
    public:
        ~Ticket();
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;
        // The handshake finished (or failed): the connection no longer counts as handshaking. Idempotent.
        void handshakeFinished();

    private:
        friend class ConnectionLimits;
        struct State;
        Ticket(std::shared_ptr<State> state, std::string peer)
            : state_(std::move(state)), peer_(std::move(peer)) {}
        std::shared_ptr<State> state_;
        std::string peer_;
        bool handshaking_ = true;
    };

    explicit ConnectionLimits(ConnectionLimitsConfig config);

    // A ticket when a new connection from `peer` fits every limit; otherwise which limit it would break.
    struct Admission {
        std::unique_ptr<Ticket> ticket;
        Refusal refusal = Refusal::total;
    };
    Admission admit(const std::string& peer);

    int connections() const;

private:
    std::shared_ptr<Ticket::State> state_;
};

const char* describe(ConnectionLimits::Refusal refusal);

}  // namespace yimen::platform
