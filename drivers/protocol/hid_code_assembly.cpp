// Code assembly for keyboard-wedge and HID POS scanners: key edges, terminators, continuations and timeouts.
#include "drivers/protocol/hid_code_assembly.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace yimen::drivers::protocol {
namespace {

std::string hexKey(std::uint8_t usage) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(usage));
    return buf;
}

std::string millis(std::chrono::milliseconds ms) {
    return std::to_string(ms.count()) + " ms";
}

const std::string kTooLong = "longer than " + std::to_string(kMaxScannedCodeBytes) + " bytes";

}  // namespace

KeyboardWedgeAssembler::KeyboardWedgeAssembler(WedgeOptions options) : options_(options) {}

bool KeyboardWedgeAssembler::isTerminator(std::uint8_t key) const {
    const bool enter = key == hidkey::enter || key == hidkey::keypadEnter;
    switch (options_.terminator) {
    case WedgeTerminator::enter: return enter;
    case WedgeTerminator::tab: return key == hidkey::tab;
    case WedgeTerminator::enterOrTab: return enter || key == hidkey::tab;
    case WedgeTerminator::none: return false;
    }
    return false;
}

std::optional<ScanEvent> KeyboardWedgeAssembler::finish(bool byTerminator) {
    if (!started_) {
        return std::nullopt;
    }
    std::optional<ScanEvent> event;
    if (damage_) {
        event = DroppedCode{code_.size(), *damage_};
    } else if (!byTerminator && options_.terminator != WedgeTerminator::none) {
        event = DroppedCode{code_.size(), "no terminator within " + millis(options_.interKeyTimeout)};
    } else {
        event = ScannedCode{std::move(code_), {}};
    }
    code_.clear();
    damage_.reset();
    started_ = false;
    return event;
}

std::vector<ScanEvent> KeyboardWedgeAssembler::feed(const KeyboardState& state, ScanClock::time_point now) {
    std::vector<ScanEvent> events;
    if (auto due = expire(now)) {
        events.push_back(std::move(*due));
    }
    if (state.rollOver) {
        // The keyboard could not tell which keys are down; the held set stays as it was.
        return events;
    }
    for (std::uint8_t key : state.keys) {
        if (std::find(held_.begin(), held_.end(), key) != held_.end()) {
            continue;  // still held from the previous report
        }
        if (key == hidkey::capsLock) {
            capsLock_ = !capsLock_;
            continue;
        }
        if (isTerminator(key)) {
            if (auto done = finish(true)) {
                events.push_back(std::move(*done));
            }
            continue;
        }
        started_ = true;
        lastKey_ = now;
        std::optional<char> c;
        if ((state.modifiers & hidmod::command) == 0) {
            if (key == hidkey::enter || key == hidkey::keypadEnter) {
                c = '\n';
            } else if (key == hidkey::tab) {
                c = '\t';
            } else {
                c = usKeyboardCharacter(key, (state.modifiers & hidmod::shift) != 0, capsLock_);
            }
        }
        // A spoiled code keeps collecting its characters (up to the bound) so the log can say how long it
        // was.
        if (!c) {
            if (!damage_) {
                damage_ = (state.modifiers & hidmod::command) != 0
                              ? "a Ctrl/Alt/GUI shortcut in the code"
                              : "key " + hexKey(key) + " types no character";
            }
        } else if (code_.size() >= kMaxScannedCodeBytes) {
            if (!damage_) {
                damage_ = kTooLong;
            }
        } else {
            code_ += *c;
        }
    }
    held_ = state.keys;
    return events;
}

std::optional<ScanEvent> KeyboardWedgeAssembler::expire(ScanClock::time_point now) {
    if (!started_ || now - lastKey_ <= options_.interKeyTimeout) {
        return std::nullopt;
    }
    return finish(false);
}

std::optional<ScanClock::time_point> KeyboardWedgeAssembler::deadline() const {
    if (!started_) {
        return std::nullopt;
    }
    return lastKey_ + options_.interKeyTimeout;
}

std::optional<DroppedCode> KeyboardWedgeAssembler::reset(const std::string& reason) {
    held_.clear();
    std::optional<DroppedCode> dropped;
    if (started_) {
        dropped = DroppedCode{code_.size(), reason};
    }
    code_.clear();
    damage_.reset();
    started_ = false;
    return dropped;
}

BarcodeAssembler::BarcodeAssembler(BarcodeAssemblyOptions options) : options_(options) {}

std::vector<ScanEvent> BarcodeAssembler::feed(const BarcodeChunk& chunk, ScanClock::time_point now) {
    std::vector<ScanEvent> events;
    if (auto due = expire(now)) {
        events.push_back(std::move(*due));
    }
    if (!pending_ && chunk.data.empty() && !chunk.continued) {
        return events;  // an empty report: nothing was scanned
    }
    if (!pending_) {
        symbology_ = chunk.symbology;
        skipping_ = false;
    }
    pending_ = true;
    lastChunk_ = now;
    if (!skipping_) {
        if (code_.size() + chunk.data.size() > kMaxScannedCodeBytes) {
            events.push_back(DroppedCode{code_.size() + chunk.data.size(), kTooLong});
            code_.clear();
            skipping_ = true;
        } else {
            code_ += chunk.data;
        }
    }
    if (!chunk.continued) {
        if (!skipping_ && !code_.empty()) {
            events.push_back(ScannedCode{std::move(code_), std::move(symbology_)});
        }
        code_.clear();
        symbology_.clear();
        pending_ = false;
        skipping_ = false;
    }
    return events;
}

std::optional<ScanEvent> BarcodeAssembler::expire(ScanClock::time_point now) {
    if (!pending_ || now - lastChunk_ <= options_.continuationTimeout) {
        return std::nullopt;
    }
    std::optional<ScanEvent> event;
    if (!skipping_) {
        event = DroppedCode{code_.size(), "no continuation within " + millis(options_.continuationTimeout)};
    }
    code_.clear();
    symbology_.clear();
    pending_ = false;
    skipping_ = false;
    return event;
}

std::optional<ScanClock::time_point> BarcodeAssembler::deadline() const {
    if (!pending_) {
        return std::nullopt;
    }
    return lastChunk_ + options_.continuationTimeout;
}

std::optional<DroppedCode> BarcodeAssembler::reset(const std::string& reason) {
    std::optional<DroppedCode> dropped;
    if (pending_ && !skipping_) {
        dropped = DroppedCode{code_.size(), reason};
    }
    code_.clear();
    symbology_.clear();
    pending_ = false;
    skipping_ = false;
    return dropped;
}

}  // namespace yimen::drivers::protocol
