// Counters under one mutex; a peer's entry goes away when its last connection closes, so the map stays as
// small as the set of connected peers.
#include "platform/connection_limits.h"

namespace yimen::platform {

struct ConnectionLimits::Ticket::State {
    ConnectionLimitsConfig config;
    mutable std::mutex mutex;
    int total = 0;
    struct Peer {
        int connections = 0;
        int handshakes = 0;
    };
    std::map<std::string, Peer> peers;
};

ConnectionLimits::ConnectionLimits(ConnectionLimitsConfig config)
    : state_(std::make_shared<Ticket::State>()) {
    state_->config = config;
}

ConnectionLimits::Admission ConnectionLimits::admit(const std::string& peer) {
    std::lock_guard lock(state_->mutex);
    const ConnectionLimitsConfig& c = state_->config;
    if (state_->total >= c.total)
        return {nullptr, Refusal::total};
    Ticket::State::Peer& p = state_->peers[peer];
    if (p.connections >= c.perPeer || p.handshakes >= c.handshakesPerPeer) {
        const Refusal why = p.connections >= c.perPeer ? Refusal::perPeer : Refusal::handshakesPerPeer;
        if (p.connections == 0)
            state_->peers.erase(peer);
        return {nullptr, why};
    }
    ++state_->total;
    ++p.connections;
    ++p.handshakes;
    return {std::unique_ptr<Ticket>(new Ticket(state_, peer)), Refusal::total};
}

int ConnectionLimits::connections() const {
    std::lock_guard lock(state_->mutex);
    return state_->total;
}

void ConnectionLimits::Ticket::handshakeFinished() {
    std::lock_guard lock(state_->mutex);
    if (!handshaking_)
        return;
    handshaking_ = false;
    --state_->peers[peer_].handshakes;
}

ConnectionLimits::Ticket::~Ticket() {
    std::lock_guard lock(state_->mutex);
    auto it = state_->peers.find(peer_);
    --state_->total;
    if (it == state_->peers.end())
        return;
    if (handshaking_)
        --it->second.handshakes;
    if (--it->second.connections == 0)
        state_->peers.erase(it);
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
