// How many connections the platform holds at once, in all and per peer address, and how many of a peer's
// connections may be in their TLS handshake: what keeps idle and half-open connections from taking every
// descriptor. At the total cap a newcomer is not refused while a connection that does nothing can be closed
// instead: the one longest in its handshake, else the one idle longest.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
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

    // One admitted connection; releases its place (and its handshake place, if still held) when destroyed,
    // or when it is evicted. A new ticket is handshaking since its admission. Any thread.
    class Ticket {
    public:
        ~Ticket();
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;
        // The handshake finished (or failed): the connection no longer counts as handshaking, and is idle
        // from now. Idempotent.
        void handshakeFinished();
        // Makes the connection one that may be closed to make room at the total cap, while it handshakes or
        // is idle. `evict` must close it soon and must not call back into the limits; it is called at most
        // once, from the thread that admits the newcomer, and from then on this ticket holds no place.
        void onEvict(std::function<void()> evict);
        // Waiting for a request (idle since now; may be evicted), or answering one (not evicted).
        void idle();
        void busy();

    private:
        friend class ConnectionLimits;
        struct State;
        Ticket(std::shared_ptr<State> state, std::uint64_t id) : state_(std::move(state)), id_(id) {}
        std::shared_ptr<State> state_;
        std::uint64_t id_;
    };

    explicit ConnectionLimits(ConnectionLimitsConfig config);

    // A ticket when a new connection from `peer` fits every limit, or fits once the connection longest in
    // its handshake (else the one idle longest) among those with an evictor is evicted (its evictor called
    // before admit returns); otherwise which limit it would break.
    struct Evicted {
        std::string peer;
        bool handshaking = false;
        std::chrono::steady_clock::duration for_{};  // how long it had been handshaking or idle
    };
    struct Admission {
        std::unique_ptr<Ticket> ticket;
        Refusal refusal = Refusal::total;
        std::optional<Evicted> evicted;  // the connection closed to make room, if one was
    };
    Admission admit(const std::string& peer);

    int connections() const;

private:
    std::shared_ptr<Ticket::State> state_;
};

const char* describe(ConnectionLimits::Refusal refusal);

}  // namespace yimen::platform
