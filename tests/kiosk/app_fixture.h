// An App over a fresh data folder, with scripted devices and no platform (its address refuses), for the
// shell's tests: clocks, workers, the store worker, the print ledger, privacy.
#pragma once

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "drivers/id_card_reader.h"
#include "drivers/receipt_printer.h"
#include "kiosk/app.h"
#include "session_fixture.h"
#include "tests/support/temp_dir.h"

namespace yimen::kiosk::test {

// A card reader whose every read is answered by `onRead` (default: no card).
struct ScriptedReader final : drivers::IdCardReader {
    std::mutex mutex;
    std::function<Expected<std::optional<Identity>>()> onRead;
    std::atomic<int> reads{0};
    Expected<std::optional<Identity>> readCard() override {
        ++reads;
        std::function<Expected<std::optional<Identity>>()> f;
        {
            std::lock_guard lock(mutex);
            f = onRead;
        }
        if (!f)
            return std::optional<Identity>{};
        return f();
    }
    void script(std::function<Expected<std::optional<Identity>>()> f) {
        std::lock_guard lock(mutex);
        onRead = std::move(f);
    }
};

// A printer that keeps every job's bytes until forgetJobs(), as the USB driver's job ledger does.
struct KeepingPrinter final : drivers::ReceiptPrinter {
    std::mutex mutex;
    int printed = 0;
    std::vector<std::vector<std::uint8_t>> kept;
    bool paperOut = false;
    Expected<drivers::PrinterStatus> status() override {
        std::lock_guard lock(mutex);
        drivers::PrinterStatus s;
        s.paperOut = paperOut;
        return s;
    }
    Status print(std::span<const std::uint8_t> escpos) override {
        std::lock_guard lock(mutex);
        if (paperOut)
            return fail(ErrorCode::device, "打印纸已用完");
        ++printed;
        kept.emplace_back(escpos.begin(), escpos.end());
        return {};
    }
    int widthDots() const override { return 576; }
    void forgetJobs() override {
        std::lock_guard lock(mutex);
        kept.clear();
    }
    int printedCount() {
        std::lock_guard lock(mutex);
        return printed;
    }
    std::size_t keptCount() {
        std::lock_guard lock(mutex);
        return kept.size();
    }
    void setPaperOut(bool out) {
        std::lock_guard lock(mutex);
        paperOut = out;
    }
};

struct AppFixture {
    yimen::testing::TempDir dir;
    ScriptedReader reader;
    KeepingPrinter printer;
    KioskConfig config;
    drivers::Scanner* scanner = nullptr;  // set, then open() again, for a kiosk with a scanner
    std::function<void(bool)> wantScans;  // likewise, for a scanner that reads through the camera
    std::unique_ptr<App> app;

    AppFixture() {
        config.dataDir = (dir.path() / "kiosk").string();
        config.platform.host = "127.0.0.1";
        config.platform.port = 1;  // nothing listens: the outbox keeps everything queued
        config.platform.connectTimeout = std::chrono::milliseconds(200);
        config.session.submitWaitMs = 500;
        open();
    }
    void open() {
        app.reset();
        auto opened = App::open(config, {reader, printer, scanner, wantScans});
        REQUIRE(opened);
        app = std::move(*opened);
        app->post(ev::CatalogLoaded{sampleCatalog()});
        REQUIRE(until([](const SessionState& s) { return s.catalog != nullptr; }));
    }
    bool until(const std::function<bool(const SessionState&)>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        return app->runUntil(done, timeout);
    }
    // Posts the event and runs until the loop has handled it and everything before it.
    void send(Event e) {
        app->post(std::move(e));
        int turns = 0;  // one event per turn; the queue holds only this one
        app->runUntil([&](const SessionState&) { return ++turns > 2; }, std::chrono::seconds(2));
    }
    // Walks the pension item to the review, the card posted as the reader thread would.
    void walkToReview() {
        send(ev::StartApply{});
        send(ev::SelectItem{"pension"});
        send(ev::StartItem{});
        send(ev::CardRead{sampleCard()});
        send(ev::Next{});
        send(ev::Next{});
        send(ev::Input{"13800138000"});
        send(ev::Next{});
        send(ev::Input{"300元"});
        send(ev::Next{});
        send(ev::Next{});
        REQUIRE(app->state().screen == Screen::review);
    }
};

}  // namespace yimen::kiosk::test
