// Tests of network/outbox_sync.cpp: backoff, classification of deliveries, and the worker thread, with the
// platform.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "application_payload.h"
#include "common/field_validation.h"
#include "memory_outbox.h"
#include "network/outbox_sync.h"
#include "scripted_tls_server.h"
#include "test_platform.h"
#include "wait_until.h"

namespace yimen::network::test {
namespace {

using std::chrono::milliseconds;
using Result = DeliveryReport::Result;

// Collects the worker's reports; the callback only appends, as the contract asks.
class ReportLog {
public:
    std::function<void(const DeliveryReport&)> sink() {
        return [this](const DeliveryReport& report) {
            std::lock_guard lock(mutex_);
            reports_.push_back(report);
        };
    }
    std::vector<DeliveryReport> all() const {
        std::lock_guard lock(mutex_);
        return reports_;
    }
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return reports_.size();
    }
    [[nodiscard]] bool waitFor(std::size_t count) const {
        return waitUntil([&] { return size() >= count; });
    }

private:
    mutable std::mutex mutex_;
    std::vector<DeliveryReport> reports_;
};

// A clock the test moves by hand, so backoff can be checked exactly and never waited for.
class ManualClock {
public:
    OutboxSync::Clock function() {
        return [this] { return now_.load(); };
    }
    std::int64_t now() const { return now_.load(); }
    void set(std::int64_t ms) { now_.store(ms); }

private:
    std::atomic<std::int64_t> now_{1'800'000'000'000};
};

// The platform, a kiosk client, the catalog and an outbox.
struct Fixture {
    TestPlatform platform;
    HttpsClient client{platform.clientConfig()};
    PlatformApi api{client};
    MemoryOutbox outbox;
    Catalog catalog;

    Fixture() {
        auto fetched = api.fetchCatalog("");
        if (!fetched)
            FAIL("fetching the catalog: " << fetched.error().describe());
        auto parsed = parseCatalog(fetched->json);
        if (!parsed)
            FAIL("parsing the catalog: " << parsed.error().describe());
        catalog = parsed.value();
    }

    std::int64_t addApplication(int n, const std::map<std::string, std::string>& overrides = {}) {
        const std::string receipt = receiptNumber(n);
        return outbox.add(OutboxKind::application, "outbox-key-" + std::to_string(n), receipt,
                          applicationJson(catalog.items.front(), receipt, "123456", overrides));
    }

    OutboxEntry entry(std::int64_t id) { return outbox.record(id).entry; }

    // The phone field of the first item: an answer the platform checks, to provoke a refusal.
    std::string phoneField() const {
        for (const FieldSpec& field : catalog.items.front().fields)
            if (field.type == FieldType::phone)
                return field.id;
        FAIL("the first catalog item asks for no phone number");
        return {};
    }
};

BackoffPolicy exactPolicy(milliseconds initial, milliseconds maximum) {
    BackoffPolicy policy;
    policy.initial = initial;
    policy.maximum = maximum;
    policy.jitter = 0;
    return policy;
}

}  // namespace

TEST_CASE("backoff doubles with every attempt, stays within its jitter and is capped", "[outbox][backoff]") {
    const BackoffPolicy policy;  // 2 s, doubling, capped at 5 min, +/-20 %
    struct Row {
        int attempts;
        std::int64_t baseMs;
    };
    const Row table[] = {{1, 2000},   {2, 4000},   {3, 8000},   {4, 16000},   {5, 32000},   {6, 64000},
                         {7, 128000}, {8, 256000}, {9, 300000}, {10, 300000}, {60, 300000}, {100000, 300000}};
    std::mt19937_64 rng(7);
    for (const Row& row : table) {
        INFO("attempts " << row.attempts);
        const auto low = static_cast<std::int64_t>(std::floor(row.baseMs * (1 - policy.jitter)));
        const auto high = static_cast<std::int64_t>(std::ceil(row.baseMs * (1 + policy.jitter)));
        std::set<std::int64_t> seen;
        for (int draw = 0; draw < 200; ++draw) {
            const std::int64_t delay = backoffDelay(policy, row.attempts, rng).count();
            REQUIRE(delay >= low);
            REQUIRE(delay <= high);
            seen.insert(delay);
        }
        CHECK(seen.size() > 1);  // jitter spreads terminals that lost the network together
    }
}

TEST_CASE("backoff without jitter is exact and never negative", "[outbox][backoff]") {
    std::mt19937_64 rng(1);
    const BackoffPolicy exact = exactPolicy(milliseconds(100), milliseconds(1000));
    CHECK(backoffDelay(exact, 0, rng) == milliseconds(100));
    CHECK(backoffDelay(exact, 1, rng) == milliseconds(100));
    CHECK(backoffDelay(exact, 2, rng) == milliseconds(200));
    CHECK(backoffDelay(exact, 4, rng) == milliseconds(800));
    CHECK(backoffDelay(exact, 5, rng) == milliseconds(1000));

    BackoffPolicy wild = exact;
    wild.jitter = 3.0;
    for (int draw = 0; draw < 500; ++draw) REQUIRE(backoffDelay(wild, 3, rng) >= milliseconds(0));
}

TEST_CASE("an entry is delivered once and its payload purged when the platform is up", "[outbox]") {
    Fixture f;
    const std::int64_t id = f.addApplication(1);
    std::mt19937_64 rng(1);

    const DeliveryReport report = deliverOne(f.outbox, f.api, f.entry(id), BackoffPolicy{}, rng, 1000);

    CHECK(report.result == Result::delivered);
    CHECK(report.entryId == id);
    CHECK(report.receiptNo == receiptNumber(1));
    const MemoryOutbox::Record record = f.outbox.record(id);
    CHECK(record.state == MemoryOutbox::State::delivered);
    CHECK(record.deliveredMarks == 1);
    CHECK(record.entry.payloadJson.empty());
    CHECK(record.responseJson.find(receiptNumber(1)) != std::string::npos);
    CHECK(record.retriesAt.empty());
}

TEST_CASE("a platform refusal for good is kept with its message and never retried", "[outbox]") {
    Fixture f;
    const Item& item = f.catalog.items.front();
    const std::string phone = f.phoneField();
    const std::int64_t id = f.addApplication(2, {{phone, "12345"}});
    std::mt19937_64 rng(1);

    const DeliveryReport report = deliverOne(f.outbox, f.api, f.entry(id), BackoffPolicy{}, rng, 1000);

    const std::string platformMessage = validateField(*item.field(phone), "12345")->message;
    CHECK(report.result == Result::failed);
    CHECK(report.message == platformMessage);
    const MemoryOutbox::Record record = f.outbox.record(id);
    CHECK(record.state == MemoryOutbox::State::failed);
    CHECK(record.lastError == "validation_failed: " + platformMessage);
    CHECK(record.failedMarks == 1);
    CHECK(record.retriesAt.empty());
    CHECK(record.deliveredMarks == 0);
}

TEST_CASE("while the platform is down each retry is scheduled twice as far out", "[outbox]") {
    Fixture f;
    const std::int64_t id = f.addApplication(3);
    f.platform.stop();
    const BackoffPolicy policy = exactPolicy(milliseconds(1000), milliseconds(60000));
    std::mt19937_64 rng(1);

    std::vector<std::int64_t> delays;
    std::int64_t now = 1'000'000;
    for (int attempt = 0; attempt < 4; ++attempt) {
        const DeliveryReport report = deliverOne(f.outbox, f.api, f.entry(id), policy, rng, now);
        REQUIRE(report.result == Result::retrying);
        CHECK(report.message.find("unavailable") != std::string::npos);
        delays.push_back(report.nextAttemptMs - now);
        now = report.nextAttemptMs;
    }

    CHECK(delays == std::vector<std::int64_t>{1000, 2000, 4000, 8000});
    const MemoryOutbox::Record record = f.outbox.record(id);
    CHECK(record.state == MemoryOutbox::State::pending);
    CHECK(record.entry.attempts == 4);
    CHECK(record.nextAttemptMs == now);
}

TEST_CASE("the worker retries while the platform is down and delivers exactly once when it is back",
          "[outbox][worker]") {
    Fixture f;
    const std::int64_t id = f.addApplication(4);
    f.platform.stop();
    ManualClock clock;
    ManualClock steady;  // held still, so the sync's time is exactly the wall clock the test sets
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, exactPolicy(milliseconds(1000), milliseconds(60000)), log.sink(),
                    clock.function(), steady.function());

    sync.start();
    for (std::size_t retries = 1; retries <= 3; ++retries) {
        REQUIRE(log.waitFor(retries));
        const DeliveryReport report = log.all().back();
        REQUIRE(report.result == Result::retrying);
        CHECK(report.nextAttemptMs - clock.now() == 1000 * (1 << (retries - 1)));
        if (retries < 3) {
            clock.set(report.nextAttemptMs);  // the retry is due now
            sync.poke();
        }
    }
    f.platform.restart();
    clock.set(log.all().back().nextAttemptMs);
    sync.poke();
    REQUIRE(log.waitFor(4));
    sync.stop();

    const std::vector<DeliveryReport> reports = log.all();
    REQUIRE(reports.size() == 4);
    CHECK(reports.back().result == Result::delivered);
    CHECK(reports.back().entryId == id);
    const MemoryOutbox::Record record = f.outbox.record(id);
    CHECK(record.state == MemoryOutbox::State::delivered);
    CHECK(record.deliveredMarks == 1);
    CHECK(record.retriesAt.size() == 3);
    auto status = f.api.applicationStatus(receiptNumber(4), "123456");
    REQUIRE(status);
    CHECK(status->status == "submitted");
}

TEST_CASE("the worker delivers every due entry in order and reports each", "[outbox][worker]") {
    Fixture f;
    const std::int64_t first = f.addApplication(5);
    const std::int64_t rating = f.outbox.add(OutboxKind::rating, "outbox-rating-0005", receiptNumber(5),
                                             ratingJson(receiptNumber(5), 5));
    const std::int64_t second = f.addApplication(6);
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, BackoffPolicy{}, log.sink());

    sync.start();
    REQUIRE(log.waitFor(3));
    sync.stop();

    const std::vector<DeliveryReport> reports = log.all();
    REQUIRE(reports.size() == 3);
    CHECK(reports[0].entryId == first);
    CHECK(reports[1].entryId == rating);
    CHECK(reports[1].kind == OutboxKind::rating);
    CHECK(reports[2].entryId == second);
    for (const DeliveryReport& report : reports) CHECK(report.result == Result::delivered);
}

TEST_CASE("a poke makes the worker deliver an entry enqueued while it waits", "[outbox][worker]") {
    Fixture f;
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, BackoffPolicy{}, log.sink());
    sync.start();
    REQUIRE(waitUntil([&] { return f.outbox.dueCalls() >= 1; }));

    const std::int64_t id = f.addApplication(7);
    sync.poke();
    REQUIRE(log.waitFor(1));
    sync.stop();

    CHECK(log.all().front().entryId == id);
    CHECK(log.all().front().result == Result::delivered);
    CHECK(f.outbox.record(id).deliveredMarks == 1);
}

TEST_CASE("a refusal for good reaches the worker's report and the entry is not tried again",
          "[outbox][worker]") {
    Fixture f;
    const std::int64_t id = f.addApplication(8, {{f.phoneField(), "12345"}});
    ManualClock clock;
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, exactPolicy(milliseconds(1000), milliseconds(60000)), log.sink(),
                    clock.function());

    sync.start();
    REQUIRE(log.waitFor(1));
    const int passesBefore = f.outbox.dueCalls();
    clock.set(clock.now() + 3'600'000);
    sync.poke();
    REQUIRE(waitUntil([&] { return f.outbox.dueCalls() > passesBefore; }));
    sync.stop();

    REQUIRE(log.size() == 1);
    CHECK(log.all().front().result == Result::failed);
    CHECK(f.outbox.record(id).state == MemoryOutbox::State::failed);
    CHECK(f.outbox.record(id).entry.attempts == 1);
}

TEST_CASE("a broken outbox database does not stop the worker", "[outbox][worker]") {
    Fixture f;
    f.outbox.failNextDueCalls(3);
    const std::int64_t id = f.addApplication(9);
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, exactPolicy(milliseconds(5), milliseconds(20)), log.sink());

    sync.start();
    REQUIRE(log.waitFor(1));
    sync.stop();

    CHECK(f.outbox.dueCalls() >= 4);
    CHECK(log.all().front().entryId == id);
    CHECK(log.all().front().result == Result::delivered);
}

TEST_CASE("stop returns while an entry waits for its retry and nothing is sent after it",
          "[outbox][worker]") {
    Fixture f;
    const std::int64_t id = f.addApplication(10);
    f.platform.stop();
    ReportLog log;
    BackoffPolicy patient;
    patient.initial = std::chrono::minutes(10);
    patient.maximum = std::chrono::minutes(10);
    OutboxSync sync(f.outbox, f.api, patient, log.sink());
    sync.start();
    REQUIRE(log.waitFor(1));
    REQUIRE(log.all().front().result == Result::retrying);

    sync.stop();
    const int passesAtStop = f.outbox.dueCalls();
    f.platform.restart();
    sync.poke();

    CHECK(f.outbox.dueCalls() == passesAtStop);
    CHECK(log.size() == 1);
    CHECK(f.outbox.record(id).state == MemoryOutbox::State::pending);
}

TEST_CASE("a sync can be stopped before it starts, stopped twice, and destroyed while running",
          "[outbox][worker]") {
    Fixture f;
    ReportLog log;
    {
        OutboxSync idle(f.outbox, f.api, BackoffPolicy{}, log.sink());
        idle.stop();
        idle.stop();
    }
    {
        OutboxSync running(f.outbox, f.api, BackoffPolicy{}, log.sink());
        running.start();
        REQUIRE(waitUntil([&] { return f.outbox.dueCalls() >= 1; }));
    }
    CHECK(log.size() == 0);
}

TEST_CASE("a wall clock stepped back by a day does not stall a retry", "[outbox][worker][clock]") {
    Fixture f;
    const std::int64_t id = f.addApplication(20);
    f.platform.stop();
    ManualClock wall;
    ManualClock steady;
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, exactPolicy(milliseconds(1000), milliseconds(60000)), log.sink(),
                    wall.function(), steady.function());

    sync.start();
    REQUIRE(log.waitFor(1));
    REQUIRE(log.all().front().result == Result::retrying);
    f.platform.restart();
    wall.set(wall.now() - 24 * 3'600'000);  // an operator or NTP sets the clock back by a day
    steady.set(steady.now() + 1000);        // and the backoff's second passes
    sync.poke();
    REQUIRE(log.waitFor(2));
    sync.stop();

    CHECK(log.all().back().result == Result::delivered);
    CHECK(f.outbox.record(id).state == MemoryOutbox::State::delivered);
}

TEST_CASE("a 200 with a proxy's HTML page is retried and the payload kept", "[outbox][ack]") {
    Fixture f;
    const std::int64_t id = f.addApplication(21);
    const std::string page = "<html><body>Please log in to the hotspot</body></html>";
    ScriptedTlsServer proxy(f.platform.pkiFile("server.crt"), f.platform.pkiFile("server.key"),
                            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                                std::to_string(page.size()) + "\r\n\r\n" + page);
    TlsClientConfig config = f.platform.clientConfig();
    config.port = proxy.port();
    HttpsClient client(config);
    PlatformApi api(client);
    std::mt19937_64 rng(1);

    const DeliveryReport report = deliverOne(f.outbox, api, f.entry(id), BackoffPolicy{}, rng, 1'000);

    CHECK(report.result == Result::retrying);
    const MemoryOutbox::Record record = f.outbox.record(id);
    CHECK(record.state == MemoryOutbox::State::pending);
    CHECK(record.deliveredMarks == 0);
    CHECK_FALSE(record.entry.payloadJson.empty());
    CHECK_THAT(record.lastError, Catch::Contains("not a JSON object"));
}

TEST_CASE("the before-pass hook runs on the sync thread before the queue is read", "[outbox][worker]") {
    Fixture f;
    ReportLog log;
    OutboxSync sync(f.outbox, f.api, BackoffPolicy{}, log.sink());
    std::atomic<int> calls{0};
    std::atomic<bool> onCaller{false};
    const auto caller = std::this_thread::get_id();
    sync.beforeEachPass([&] {
        onCaller = onCaller || std::this_thread::get_id() == caller;
        ++calls;
    });
    sync.start();
    REQUIRE(waitUntil([&] { return calls.load() >= 1 && f.outbox.dueCalls() >= 1; }));
    sync.poke();
    REQUIRE(waitUntil([&] { return calls.load() >= 2; }));
    sync.stop();
    CHECK_FALSE(onCaller.load());
    CHECK(calls.load() >= f.outbox.dueCalls());
}

}  // namespace yimen::network::test
