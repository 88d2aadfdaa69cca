// Counters under one mutex, and one entry per admitted connection saying what it is doing and since when; a
// peer's entry goes away when its last connection closes, so the maps stay as small as the connections held.
#include "platform/connection_limits.h"

namespace yimen::platform {

struct ConnectionLimits::Ticket::State {
    enum class Phase { handshaking, idle, busy };
    struct Connection {
        std::string peer;
        Phase phase = Phase::handshaking;
        std::chrono::steady_clock::time_point since;
        std::function<void()> evict;  // empty: never evicted
    };
    struct Peer {
        int connections = 0;
        int handshakes = 0;
    };

    ConnectionLimitsConfig config;
    mutable std::mutex mutex;
    int total = 0;
    std::uint64_t nextId = 1;
    std::map<std::uint64_t, Connection> connections;
    std::map<std::string, Peer> peers;

    // Gives up the place of `it` (and its handshake place); the caller holds the mutex.
    void release(std::map<std::uint64_t, Connection>::iterator it) {
        --total;
        auto peer = peers.find(it->second.peer);
        if (peer != peers.end()) {
            if (it->second.phase == Phase::handshaking)
                --peer->second.handshakes;
            if (--peer->second.connections == 0)
                peers.erase(peer);
        }
        connections.erase(it);
    }

    // The connection to close to make room: the one longest in its handshake, else the one idle longest;
    // only those with an evictor. The caller holds the mutex.
    std::map<std::uint64_t, Connection>::iterator victim() {
        auto best = connections.end();
        for (auto it = connections.begin(); it != connections.end(); ++it) {
            const Connection& c = it->second;
            if (!c.evict || c.phase == Phase::busy)
                continue;
            if (best == connections.end()) {
                best = it;
                continue;
            }
            const Connection& b = best->second;
            const bool handshaking = c.phase == Phase::handshaking,
                       bestHandshaking = b.phase == Phase::handshaking;
            if (handshaking != bestHandshaking ? handshaking : c.since < b.since)
                best = it;
        }
        return best;
    }

    void enter(std::uint64_t id, Phase phase) {
        std::lock_guard lock(mutex);
        auto it = connections.find(id);
        if (it == connections.end())
            return;  // evicted
        if (it->second.phase == Phase::handshaking && phase != Phase::handshaking)
            --peers[it->second.peer].handshakes;
        else if (it->second.phase != Phase::handshaking && phase == Phase::handshaking)
            return;  // a handshake never starts again
        it->second.phase = phase;
        it->second.since = std::chrono::steady_clock::now();
    }
};

ConnectionLimits::ConnectionLimits(ConnectionLimitsConfig config)
    : state_(std::make_shared<Ticket::State>()) {
    state_->config = config;
}

ConnectionLimits::Admission ConnectionLimits::admit(const std::string& peer) {
    using State = Ticket::State;
    Admission admission;
    std::function<void()> evict;
    {
        std::lock_guard lock(state_->mutex);
        const ConnectionLimitsConfig& c = state_->config;
        const auto now = std::chrono::steady_clock::now();
        const auto known = state_->peers.find(peer);
        const State::Peer p = known != state_->peers.end() ? known->second : State::Peer{};
        if (p.connections >= c.perPeer || p.handshakes >= c.handshakesPerPeer)
            return {nullptr, p.connections >= c.perPeer ? Refusal::perPeer : Refusal::handshakesPerPeer, {}};
        if (state_->total >= c.total) {
            const auto victim = state_->victim();
            if (victim == state_->connections.end())
                return {nullptr, Refusal::total, {}};
            const State::Connection& v = victim->second;
            admission.evicted = Evicted{v.peer, v.phase == State::Phase::handshaking, now - v.since};
            evict = std::move(victim->second.evict);
            state_->release(victim);
        }
        const std::uint64_t id = state_->nextId++;
        state_->connections.emplace(id, State::Connection{peer, State::Phase::handshaking, now, {}});
        ++state_->total;
        ++state_->peers[peer].connections;
        ++state_->peers[peer].handshakes;
        admission.ticket.reset(new Ticket(state_, id));
    }
    if (evict)
        evict();
    return admission;
}

int ConnectionLimits::connections() const {
    std::lock_guard lock(state_->mutex);
    return state_->total;
}

void ConnectionLimits::Ticket::handshakeFinished() {
    state_->enter(id_, State::Phase::idle);
}

void ConnectionLimits::Ticket::idle() {
    state_->enter(id_, State::Phase::idle);
}

void ConnectionLimits::Ticket::busy() {
    state_->enter(id_, State::Phase::busy);
}

void ConnectionLimits::Ticket::onEvict(std::function<void()> evict) {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->connections.find(id_); it != state_->connections.end())
        it->second.evict = std::move(evict);
}

ConnectionLimits::Ticket::~Ticket() {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->connections.find(id_); it != state_->connections.end())
        state_->release(it);
}

const char* describe(ConnectionLimits::Refusal refusal) {
    switch (refusal) {
    case ConnectionLimits::Refusal::total: return "the platform holds its most connections";
    case ConnectionLimits::Refusal::perPeer: return "that address holds its most connections";
    case ConnectionLimits::Refusal::handshakesPerPeer: return "that address has its most TLS handshakes open";
    }
    return "";
}

}  // namespace yimen::platform
