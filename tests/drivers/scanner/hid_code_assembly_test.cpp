// Tests for drivers/protocol/hid_code_assembly.cpp: whole codes from keystrokes and chunks, half codes
// dropped.
#include "drivers/protocol/hid_code_assembly.h"

#include <catch2/catch.hpp>

#include "tests/drivers/scanner/hid_vectors.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using namespace std::chrono_literals;

namespace {

const ScanClock::time_point t0{};

KeyboardState keys(std::uint8_t modifiers, std::vector<std::uint8_t> pressed) {
    KeyboardState s;
    s.modifiers = modifiers;
    s.keys = std::move(pressed);
    return s;
}

// Types `text` into the assembler one report each `step` apart, from `start`; returns every event.
std::vector<ScanEvent> type(KeyboardWedgeAssembler& a, std::string_view text, ScanClock::time_point start,
                            std::chrono::milliseconds step = 2ms) {
    std::vector<ScanEvent> events;
    ScanClock::time_point t = start;
    for (const auto& report : drivers::test::typeText(text)) {
        auto state = decodeKeyboardReport(bootKeyboardLayout(), report);
        REQUIRE(state.hasValue());
        for (auto& e : a.feed(**state, t)) {
            events.push_back(std::move(e));
        }
        t += step;
    }
    return events;
}

std::vector<std::string> codesIn(const std::vector<ScanEvent>& events) {
    std::vector<std::string> out;
    for (const ScanEvent& e : events) {
        if (const auto* c = std::get_if<ScannedCode>(&e)) {
            out.push_back(c->data);
        }
    }
    return out;
}

std::vector<DroppedCode> dropsIn(const std::vector<ScanEvent>& events) {
    std::vector<DroppedCode> out;
    for (const ScanEvent& e : events) {
        if (const auto* d = std::get_if<DroppedCode>(&e)) {
            out.push_back(*d);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("a keyboard-wedge scan ending in Enter becomes one code with its case and symbols") {
    KeyboardWedgeAssembler a;
    const auto events = type(a, "YMQ1|A0001|8842-x?\n", t0);
    CHECK(codesIn(events) == std::vector<std::string>{"YMQ1|A0001|8842-x?"});
    CHECK(dropsIn(events).empty());
    CHECK_FALSE(a.deadline().has_value());
}

TEST_CASE("the configured terminator ends a code, the other key is typed into it") {
    struct Case {
        WedgeTerminator terminator;
        const char* typed;
        std::vector<std::string> codes;
    };
    const Case cases[] = {
        {WedgeTerminator::enter, "ab\tc\n", {"ab\tc"}},
        {WedgeTerminator::tab, "ab\nc\t", {"ab\nc"}},
        {WedgeTerminator::enterOrTab, "ab\tcd\n", {"ab", "cd"}},
    };
    for (const Case& c : cases) {
        INFO(c.typed);
        KeyboardWedgeAssembler a(WedgeOptions{c.terminator, 150ms});
        CHECK(codesIn(type(a, c.typed, t0)) == c.codes);
    }
}

TEST_CASE("keypad Enter ends a code too, and a lone terminator makes no code") {
    KeyboardWedgeAssembler a;
    CHECK(codesIn(type(a, "\n", t0)).empty());
    std::vector<ScanEvent> events;
    for (auto& e : a.feed(keys(0, {0x59}), t0)) events.push_back(e);  // keypad 1
    for (auto& e : a.feed(keys(0, {}), t0 + 1ms)) events.push_back(e);
    for (auto& e : a.feed(keys(0, {0x58}), t0 + 2ms)) events.push_back(e);  // keypad Enter
    CHECK(codesIn(events) == std::vector<std::string>{"1"});
}

TEST_CASE("a key counts once while held and again after its release") {
    KeyboardWedgeAssembler a;
    std::vector<ScanEvent> events;
    const std::vector<KeyboardState> reports = {
        keys(0, {0x04}),       keys(0, {0x04}),  // a held across two reports: one a
        keys(0, {0x05}),                         // a released, b pressed in one report
        keys(0, {}),           keys(0, {0x05}),  // b again after a release
        keys(0, {0x05, 0x06}),                   // c pressed while b is held
        keys(0, {}),           keys(0, {0x28}),
    };
    ScanClock::time_point t = t0;
    for (const KeyboardState& r : reports) {
        for (auto& e : a.feed(r, t)) events.push_back(e);
        t += 1ms;
    }
    CHECK(codesIn(events) == std::vector<std::string>{"abbc"});
}

TEST_CASE("Caps Lock sent by the scanner flips the case of letters only") {
    KeyboardWedgeAssembler a;
    std::vector<ScanEvent> events;
    const std::vector<KeyboardState> reports = {
        keys(0, {hidkey::capsLock}), keys(0, {}), keys(0, {0x04}), keys(0, {}), keys(0, {0x1E}), keys(0, {}),
        keys(0x02, {0x05}),          keys(0, {}), keys(0, {0x28}),
    };
    ScanClock::time_point t = t0;
    for (const KeyboardState& r : reports) {
        for (auto& e : a.feed(r, t)) events.push_back(e);
        t += 1ms;
    }
    CHECK(codesIn(events) == std::vector<std::string>{"A1b"});
}

TEST_CASE("half a code is dropped after the inter-key timeout and the next code arrives whole") {
    KeyboardWedgeAssembler a(WedgeOptions{WedgeTerminator::enter, 150ms});
    CHECK(type(a, "YMQ1|A00", t0).empty());
    REQUIRE(a.deadline().has_value());
    CHECK_FALSE(a.expire(*a.deadline()).has_value());  // exactly at the limit still waits

    const auto dropped = a.expire(*a.deadline() + 1ms);
    REQUIRE(dropped.has_value());
    REQUIRE(std::holds_alternative<DroppedCode>(*dropped));
    CHECK(std::get<DroppedCode>(*dropped) == DroppedCode{8, "no terminator within 150 ms"});
    CHECK_FALSE(a.deadline().has_value());

    CHECK(codesIn(type(a, "YMQ1|A0002|1234\n", t0 + 1s)) == std::vector<std::string>{"YMQ1|A0002|1234"});
}

TEST_CASE("a pause inside a scan drops the first part when the next key comes") {
    KeyboardWedgeAssembler a(WedgeOptions{WedgeTerminator::enter, 150ms});
    std::vector<ScanEvent> events = type(a, "abc", t0);
    for (auto& e : type(a, "def\n", t0 + 500ms)) events.push_back(e);
    CHECK(dropsIn(events) == std::vector<DroppedCode>{{3, "no terminator within 150 ms"}});
    CHECK(codesIn(events) == std::vector<std::string>{"def"});
}

TEST_CASE("without a terminator the inter-key timeout completes the code") {
    KeyboardWedgeAssembler a(WedgeOptions{WedgeTerminator::none, 80ms});
    CHECK(type(a, "6901234567892", t0).empty());
    const auto done = a.expire(t0 + 1s);
    REQUIRE(done.has_value());
    REQUIRE(std::holds_alternative<ScannedCode>(*done));
    CHECK(std::get<ScannedCode>(*done).data == "6901234567892");
}

TEST_CASE("keys that type no character spoil the code, which is dropped at its terminator") {
    struct Case {
        const char* what;
        KeyboardState spoiler;
        const char* reason;
    };
    const Case cases[] = {
        {"F1", keys(0, {0x3A}), "key 0x3A types no character"},
        {"Ctrl+C", keys(hidmod::leftCtrl, {0x06}), "a Ctrl/Alt/GUI shortcut in the code"},
        {"Right Alt+digit", keys(hidmod::rightAlt, {0x1E}), "a Ctrl/Alt/GUI shortcut in the code"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        KeyboardWedgeAssembler a;
        std::vector<ScanEvent> events = type(a, "ab", t0);
        for (auto& e : a.feed(c.spoiler, t0 + 10ms)) events.push_back(e);
        for (auto& e : a.feed(keys(0, {}), t0 + 11ms)) events.push_back(e);
        for (auto& e : type(a, "cd\n", t0 + 12ms)) events.push_back(e);
        CHECK(codesIn(events).empty());
        CHECK(dropsIn(events) == std::vector<DroppedCode>{{4, c.reason}});
        // The next scan is clean.
        CHECK(codesIn(type(a, "ok\n", t0 + 30ms)) == std::vector<std::string>{"ok"});
    }
}

TEST_CASE("a roll-over report changes nothing") {
    KeyboardWedgeAssembler a;
    std::vector<ScanEvent> events;
    KeyboardState rollOver;
    rollOver.rollOver = true;
    for (auto& e : a.feed(keys(0, {0x04}), t0)) events.push_back(e);
    for (auto& e : a.feed(rollOver, t0 + 1ms)) events.push_back(e);
    for (auto& e : a.feed(keys(0, {0x04}), t0 + 2ms)) events.push_back(e);  // still the same press
    for (auto& e : a.feed(keys(0, {0x28}), t0 + 3ms)) events.push_back(e);
    CHECK(codesIn(events) == std::vector<std::string>{"a"});
}

TEST_CASE("a code longer than any QR code is dropped, not kept growing") {
    KeyboardWedgeAssembler a;
    std::vector<ScanEvent> events;
    ScanClock::time_point t = t0;
    for (std::size_t i = 0; i < kMaxScannedCodeBytes + 10; ++i) {
        for (auto& e : a.feed(keys(0, {0x04}), t)) events.push_back(e);
        for (auto& e : a.feed(keys(0, {}), t)) events.push_back(e);
        t += 1ms;
    }
    for (auto& e : a.feed(keys(0, {0x28}), t)) events.push_back(e);
    CHECK(codesIn(events).empty());
    CHECK(dropsIn(events) ==
          std::vector<DroppedCode>{
              {kMaxScannedCodeBytes, "longer than " + std::to_string(kMaxScannedCodeBytes) + " bytes"}});
}

TEST_CASE("reset drops a pending code with the reason given") {
    KeyboardWedgeAssembler a;
    CHECK_FALSE(a.reset("unplugged").has_value());
    (void)type(a, "abc", t0);
    CHECK(a.reset("the scanner was unplugged mid-code") ==
          DroppedCode{3, "the scanner was unplugged mid-code"});
    CHECK_FALSE(a.deadline().has_value());
}

TEST_CASE("HID POS chunks join until a chunk without the continuation flag") {
    BarcodeAssembler a;
    std::vector<ScanEvent> events;
    for (auto& e : a.feed({std::string(56, 'a'), "]Q0", true}, t0)) events.push_back(e);
    for (auto& e : a.feed({std::string(56, 'b'), "]Q0", true}, t0 + 5ms)) events.push_back(e);
    CHECK(events.empty());
    for (auto& e : a.feed({"tail", "]Q0", false}, t0 + 10ms)) events.push_back(e);
    REQUIRE(events.size() == 1);
    const auto& code = std::get<ScannedCode>(events[0]);
    CHECK(code.data == std::string(56, 'a') + std::string(56, 'b') + "tail");
    CHECK(code.symbology == "]Q0");
}

TEST_CASE("a HID POS code whose continuation never comes is dropped; an empty report is nothing") {
    BarcodeAssembler a(BarcodeAssemblyOptions{100ms});
    CHECK(a.feed({"", "", false}, t0).empty());
    CHECK(a.feed({std::string(56, 'a'), "]Q0", true}, t0).empty());
    CHECK_FALSE(a.expire(t0 + 100ms).has_value());
    const auto dropped = a.expire(t0 + 101ms);
    REQUIRE(dropped.has_value());
    CHECK(std::get<DroppedCode>(*dropped) == DroppedCode{56, "no continuation within 100 ms"});

    // A late continuation after the timeout starts over rather than gluing onto the lost part.
    std::vector<ScanEvent> events = a.feed({std::string(56, 'a'), "]Q0", true}, t0 + 1s);
    for (auto& e : a.feed({"end", "]Q0", false}, t0 + 2s)) events.push_back(e);
    CHECK(dropsIn(events).size() == 1);
    CHECK(codesIn(events) == std::vector<std::string>{"end"});
}

TEST_CASE("an oversized HID POS code is dropped once and its remaining chunks skipped") {
    BarcodeAssembler a;
    std::vector<ScanEvent> events;
    ScanClock::time_point t = t0;
    for (std::size_t sent = 0; sent < kMaxScannedCodeBytes + 200; sent += 56) {
        for (auto& e : a.feed({std::string(56, 'z'), "", true}, t)) events.push_back(e);
        t += 1ms;
    }
    for (auto& e : a.feed({"last", "", false}, t)) events.push_back(e);
    CHECK(codesIn(events).empty());
    CHECK(dropsIn(events).size() == 1);
    for (auto& e : a.feed({"next", "]Q0", false}, t + 1ms)) events.push_back(e);
    CHECK(codesIn(events) == std::vector<std::string>{"next"});
}
