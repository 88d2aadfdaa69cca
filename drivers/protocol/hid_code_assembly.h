// Assembling whole scanned codes from HID reports: keystrokes of a keyboard-wedge scanner, chunks of a HID
// POS one.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "drivers/protocol/hid_barcode.h"
#include "drivers/protocol/hid_keyboard.h"

namespace yimen::drivers::protocol {

using ScanClock = std::chrono::steady_clock;

// A complete code.
struct ScannedCode {
    std::string data;
    std::string symbology;  // AIM identifier from a HID POS scanner, e.g. "]Q0"; empty from a keyboard wedge

    friend bool operator==(const ScannedCode&, const ScannedCode&) = default;
};

// A code that did not complete, or completed damaged, and was thrown away. Never carries the data itself: a
// scanned code may hold personal data, and this goes to the log.
struct DroppedCode {
    std::size_t bytes = 0;  // how much of it had arrived
    std::string reason;     // e.g. "no terminator within 150 ms"

    friend bool operator==(const DroppedCode&, const DroppedCode&) = default;
};

using ScanEvent = std::variant<ScannedCode, DroppedCode>;

// The longest code kept: a version 40 QR symbol holds at most 7089 bytes.
constexpr std::size_t kMaxScannedCodeBytes = 8192;

// What ends a keyboard-wedge code: the key the scanner is set to send after each code, or (none) a pause
// longer than the inter-key timeout. A key that is not the terminator types its character ('\t', '\n') into
// the code.
enum class WedgeTerminator { enter, tab, enterOrTab, none };

struct WedgeOptions {
    WedgeTerminator terminator = WedgeTerminator::enterOrTab;
    // Scanners type a whole code in a burst (a few ms per key); a longer pause means the code was cut short,
    // or, with WedgeTerminator::none, that it is complete.
    std::chrono::milliseconds interKeyTimeout{150};
};

// Turns successive keyboard reports into codes, as a US-layout keyboard would type them: a key counts when it
// appears in a report (it was not held in the previous one), Shift and Caps Lock select the case. A code is
// dropped (a DroppedCode, nothing else) when a key in it types no character (F-keys, arrows, a Ctrl/Alt/GUI
// shortcut), when it grows past kMaxScannedCodeBytes, or when its terminator does not come within the
// inter-key timeout. Pure: time comes in with each call. Not thread-safe: one owner.
class KeyboardWedgeAssembler {
public:
    explicit KeyboardWedgeAssembler(WedgeOptions options = {});

    // One report, received at `now`. Returns what completed or was dropped, in order; a code left pending by
    // a pause longer than the timeout is settled first.
    std::vector<ScanEvent> feed(const KeyboardState& state, ScanClock::time_point now);
    // Settles a pending code whose last key came longer than the timeout before `now`: completes it
    // (WedgeTerminator::none) or drops it. nullopt when nothing was due.
    std::optional<ScanEvent> expire(ScanClock::time_point now);
    // When the pending code falls due; nullopt when nothing is pending.
    std::optional<ScanClock::time_point> deadline() const;
    // Forgets held keys and drops a pending code with `reason` (the device went away).
    std::optional<DroppedCode> reset(const std::string& reason);

private:
    std::optional<ScanEvent> finish(bool byTerminator);
    bool isTerminator(std::uint8_t key) const;

    WedgeOptions options_;
    std::vector<std::uint8_t> held_;
    bool capsLock_ = false;
    std::string code_;
    bool started_ = false;
    std::optional<std::string> damage_;
    ScanClock::time_point lastKey_{};
};

struct BarcodeAssemblyOptions {
    // Continuation reports follow each other within a few ms; a longer gap means the rest was lost.
    std::chrono::milliseconds continuationTimeout{150};
};

// Joins HID POS chunks: a chunk marked `continued` waits for the next one. A code is dropped when its
// continuation does not come within the timeout or when it grows past kMaxScannedCodeBytes (the rest of it is
// then skipped). Pure: time comes in with each call. Not thread-safe: one owner.
class BarcodeAssembler {
public:
    explicit BarcodeAssembler(BarcodeAssemblyOptions options = {});

    std::vector<ScanEvent> feed(const BarcodeChunk& chunk, ScanClock::time_point now);
    std::optional<ScanEvent> expire(ScanClock::time_point now);
    std::optional<ScanClock::time_point> deadline() const;
    std::optional<DroppedCode> reset(const std::string& reason);

private:
    BarcodeAssemblyOptions options_;
    std::string code_;
    std::string symbology_;
    bool pending_ = false;
    bool skipping_ = false;  // an oversized code: its remaining chunks are ignored
    ScanClock::time_point lastChunk_{};
};

}  // namespace yimen::drivers::protocol
