// Tests for kiosk/executors/print_executor.cpp: the print queue is bounded, and what it refuses stays reprintable.
#include "kiosk/executors/print_executor.h"

#include <catch2/catch.hpp>
#include <condition_variable>

#include "kiosk/store/database.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace std::chrono_literals;

namespace {

// A printer that holds the first job until released.
struct StuckPrinter final : drivers::ReceiptPrinter {
    std::mutex m;
    std::condition_variable cv;
    bool released = false;
    bool printing = false;  // the first job is in the printer: the queue behind it is empty
    int printed = 0;
    Expected<drivers::PrinterStatus> status() override { return drivers::PrinterStatus{}; }
    Status print(std::span<const std::uint8_t>) override {
        std::unique_lock lock(m);
        printing = true;
        cv.notify_all();
        cv.wait(lock, [&] { return released; });
        ++printed;
        return {};
    }
    int widthDots() const override { return 576; }
    bool waitUntilPrinting() {
        std::unique_lock lock(m);
        return cv.wait_for(lock, 10s, [&] { return printing; });
    }
    void release() {
        {
            std::lock_guard lock(m);
            released = true;
        }
        cv.notify_all();
    }
};

ReceiptInfo receipt(int n) {
    ReceiptInfo r;
    char no[32];
    std::snprintf(no, sizeof no, "YM0001261119%04d", n);
    r.receiptNo = no;
    r.queryCode = "042137";
    r.itemName = "居住证明";
    return r;
}

}  // namespace

TEST_CASE("a full print queue refuses the next receipt at once and says so", "[print][queue]") {
    yimen::testing::TempDir dir;
    auto db = store::openKioskDatabase(dir / "kiosk.db");
    REQUIRE(db);
    store::PrintLedger ledger(**db);
    StuckPrinter printer;
    std::mutex m;
    std::vector<ev::PrintFinished> finished;
    PrintExecutor executor(printer, ledger,
                           {[&](Event e) {
                                if (auto* p = std::get_if<ev::PrintFinished>(&e)) {
                                    std::lock_guard lock(m);
                                    finished.push_back(*p);
                                }
                            },
                            [](const Status&) {}, [] { return std::int64_t{1}; }});
    executor.start();
    executor.printForSession(receipt(1));
    REQUIRE(printer.waitUntilPrinting());
    for (int i = 0; i < 10; ++i) executor.printForSession(receipt(2 + i));
    CHECK(executor.held() == 1 + PrintExecutor::kMaxJobs);
    {
        std::lock_guard lock(m);
        REQUIRE(finished.size() >= 1);
        CHECK_FALSE(finished.front().ok);  // the first refused receipt hears at once that it was not printed
    }
    CHECK(executor.reprint(receipt(20)).error().code == ErrorCode::conflict);
    printer.release();
    for (int i = 0; i < 400 && executor.held() != 0; ++i) std::this_thread::sleep_for(5ms);
    CHECK(executor.held() == 0);
    CHECK(printer.printed == 1 + static_cast<int>(PrintExecutor::kMaxJobs));
    executor.stop();
}
