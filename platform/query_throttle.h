// Slows down the guessing of query codes: a receipt number, or a kiosk, with too many failed lookups in a
// window is refused for a while (GET /api/v1/applications/{receiptNo} answers 429 too_many_attempts).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace yimen::platform {

// The limits network/api/openapi.yaml documents (getApplicationStatus). A failed lookup is one answered 404:
// an unknown receipt number or a wrong (or missing) query code, which the answer does not tell apart.
inline constexpr int kFailedLookupsPerReceipt = 5;        // of one receipt number, from any kiosk,
inline constexpr int kFailedLookupsPerKiosk = 20;         // or by one kiosk, of any receipt numbers,
inline constexpr std::chrono::minutes kLookupWindow{15};  // within this sliding window
// How many receipt numbers and kiosks the throttle remembers at once (see QueryThrottle).
inline constexpr std::size_t kMaxTrackedReceipts = 10000;
inline constexpr std::size_t kMaxTrackedKiosks = 1000;

struct QueryThrottleLimits {
    int perReceipt = kFailedLookupsPerReceipt;
    int perKiosk = kFailedLookupsPerKiosk;
    std::chrono::steady_clock::duration window = kLookupWindow;
    std::size_t maxReceipts = kMaxTrackedReceipts;
    std::size_t maxKiosks = kMaxTrackedKiosks;
};

// Counts failed lookups per receipt number and per kiosk over a sliding window. A lookup is admitted while
// both have fewer than their limit of failures in the last window; otherwise it is refused, whatever its
// code (a right code would tell a guesser it guessed right), until the oldest of those failures leaves the
// window. A successful lookup takes back only its own count: it does not reset the earlier failures.
//
// Every admitted lookup is counted as failed when it is admitted and taken back when found() says it found
// the application, so lookups running at once on many threads cannot pass the limit together; while one is
// in flight it counts against the others.
//
// Memory: per receipt number and kiosk at most its limit of instants. A key whose failures all left the
// window is forgotten. At the cap (maxReceipts, maxKiosks) a new key makes the throttle forget one key, whose
// count then starts again: the one whose last failure is oldest among those below their limit, or when every
// key is at its limit, among those. So a flood of distinct receipt numbers (one failure each) pushes out only
// other such receipts, never one being refused; forgetting a refused receipt takes maxReceipts receipts at
// their limit within one window, 50,000 failed lookups, which the kiosk limit allows only to 2,500 kiosks
// guessing at once. A right lookup of a receipt never counted adds nothing.
//
// The counts live in memory only: a restart of the platform forgets them.
//
// Thread-safe: every call takes an internal mutex; any thread. Non-copyable.
class QueryThrottle {
public:
    // A monotonic clock; injected so tests can move time.
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    struct Admission {
        bool admitted = false;
        std::chrono::seconds retryAfter{0};  // refused: when a lookup will be admitted again (at least 1 s)
        std::chrono::steady_clock::time_point countedAt{};  // admitted: when its failure was counted
    };

    // An empty `clock` is std::chrono::steady_clock.
    explicit QueryThrottle(Clock clock = {}, QueryThrottleLimits limits = {});
    ~QueryThrottle();
    QueryThrottle(const QueryThrottle&) = delete;
    QueryThrottle& operator=(const QueryThrottle&) = delete;

    // Admits a lookup of `receiptNo` by `kioskId`, counting it as failed, or refuses it. An empty `receiptNo`
    // (one not worth remembering, e.g. malformed) is judged and counted by the kiosk alone.
    [[nodiscard]] Admission admit(const std::string& kioskId, const std::string& receiptNo);

    // The lookup admitted as `admission` (same kiosk and receipt) did not fail: its count is taken back.
    void found(const std::string& kioskId, const std::string& receiptNo, const Admission& admission);

    // How many receipt numbers and kiosks are remembered now (for tests and figures).
    std::size_t trackedReceipts() const;
    std::size_t trackedKiosks() const;

private:
    class Counts;
    const Clock clock_;
    mutable std::mutex mutex_;
    std::unique_ptr<Counts> receipts_;
    std::unique_ptr<Counts> kiosks_;
};

}  // namespace yimen::platform
