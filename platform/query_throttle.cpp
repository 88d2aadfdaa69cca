// Sliding-window failure counts per key, kept in order of each key's last failure so that expiry and eviction
// take the front of a list.
#include "platform/query_throttle.h"

#include <algorithm>
#include <list>
#include <unordered_map>
#include <vector>

namespace yimen::platform {

using TimePoint = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

// The failures of each key within the window, at most `limit` of them (the newest). Keys at their limit (the
// throttled ones) are listed apart from the others, so a flood of new keys makes room by forgetting keys with
// few failures first.
class QueryThrottle::Counts {
public:
    Counts(int limit, Duration window, std::size_t capacity)
        : limit_(static_cast<std::size_t>(std::max(limit, 1))),
          window_(window),
          capacity_(std::max<std::size_t>(capacity, 1)) {}

    // How long until `key` has fewer than `limit` failures in the window; zero when it has now.
    Duration wait(const std::string& key, TimePoint now) const {
        const auto it = index_.find(key);
        if (it == index_.end())
            return Duration::zero();
        const std::vector<TimePoint>& failures = it->second->failures;
        const auto live = firstLive(failures, now);
        if (static_cast<std::size_t>(failures.end() - live) < limit_)
            return Duration::zero();
        return *live + window_ - now;  // the oldest live one: at most `limit` are kept
    }

    void count(const std::string& key, TimePoint now) {
        forgetExpired(below_, now);
        forgetExpired(atLimit_, now);
        auto it = index_.find(key);
        if (it == index_.end()) {
            if (index_.size() >= capacity_) {
                std::list<Entry>& victims = below_.empty() ? atLimit_ : below_;
                index_.erase(victims.front().key);
                victims.pop_front();
            }
            below_.push_back({key, {}});
            it = index_.emplace(key, std::prev(below_.end())).first;
        }
        std::vector<TimePoint>& failures = it->second->failures;
        failures.erase(failures.begin(), firstLive(failures, now));
        failures.push_back(now);
        if (failures.size() > limit_)
            failures.erase(failures.begin());
        // Its last failure is now the newest of all: to the back of the list it belongs to.
        place(it->second, failures.size() >= limit_ ? atLimit_ : below_);
    }

    // Removes the failure counted at `at`, if still kept; forgets the key when none is left. A key that keeps
    // failures keeps its place in time order, which may then be a little later than its last failure says: it
    // is forgotten a little later, never sooner.
    void takeBack(const std::string& key, TimePoint at) {
        const auto it = index_.find(key);
        if (it == index_.end())
            return;
        std::vector<TimePoint>& failures = it->second->failures;
        if (const auto found = std::find(failures.rbegin(), failures.rend(), at); found != failures.rend())
            failures.erase(std::next(found).base());
        if (failures.empty()) {
            listOf(*it->second).erase(it->second);
            index_.erase(it);
        } else if (it->second->atLimit && failures.size() < limit_) {
            place(it->second, below_);
        }
    }

    std::size_t size() const { return index_.size(); }

private:
    struct Entry {
        std::string key;
        std::vector<TimePoint> failures;  // oldest first
        bool atLimit = false;             // listed in atLimit_, else in below_
    };
    using Entries = std::list<Entry>;

    std::vector<TimePoint>::const_iterator firstLive(const std::vector<TimePoint>& failures,
                                                     TimePoint now) const {
        return std::find_if(failures.begin(), failures.end(), [&](TimePoint t) { return t + window_ > now; });
    }

    Entries& listOf(const Entry& e) { return e.atLimit ? atLimit_ : below_; }

    // Moves `entry` to the back of `to`.
    void place(Entries::iterator entry, Entries& to) {
        to.splice(to.end(), listOf(*entry), entry);
        entry->atLimit = &to == &atLimit_;
    }

    // Forgets the keys at the front of `entries` whose last failure left the window.
    void forgetExpired(Entries& entries, TimePoint now) {
        while (!entries.empty() && entries.front().failures.back() + window_ <= now) {
            index_.erase(entries.front().key);
            entries.pop_front();
        }
    }

    const std::size_t limit_;
    const Duration window_;
    const std::size_t capacity_;
    // Each in the order of the keys' last failures, oldest first. Entries never have an empty `failures`.
    Entries below_;
    Entries atLimit_;
    std::unordered_map<std::string, Entries::iterator> index_;
};

QueryThrottle::QueryThrottle(Clock clock, QueryThrottleLimits limits)
    : clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      receipts_(std::make_unique<Counts>(limits.perReceipt, limits.window, limits.maxReceipts)),
      kiosks_(std::make_unique<Counts>(limits.perKiosk, limits.window, limits.maxKiosks)) {}

QueryThrottle::~QueryThrottle() = default;

QueryThrottle::Admission QueryThrottle::admit(const std::string& kioskId, const std::string& receiptNo) {
    std::lock_guard lock(mutex_);
    const TimePoint now = clock_();
    Duration wait = kiosks_->wait(kioskId, now);
    if (!receiptNo.empty())
        wait = std::max(wait, receipts_->wait(receiptNo, now));
    if (wait > Duration::zero()) {
        // Rounded up: a kiosk that waits as told is admitted.
        const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
        return {false, std::max(seconds, std::chrono::seconds(1)), {}};
    }
    kiosks_->count(kioskId, now);
    if (!receiptNo.empty())
        receipts_->count(receiptNo, now);
    return {true, std::chrono::seconds(0), now};
}

void QueryThrottle::found(const std::string& kioskId, const std::string& receiptNo,
                          const Admission& admission) {
    if (!admission.admitted)
        return;
    std::lock_guard lock(mutex_);
    kiosks_->takeBack(kioskId, admission.countedAt);
    if (!receiptNo.empty())
        receipts_->takeBack(receiptNo, admission.countedAt);
}

std::size_t QueryThrottle::trackedReceipts() const {
    std::lock_guard lock(mutex_);
    return receipts_->size();
}

std::size_t QueryThrottle::trackedKiosks() const {
    std::lock_guard lock(mutex_);
    return kiosks_->size();
}

}  // namespace yimen::platform
