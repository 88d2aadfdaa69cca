// The scripted USB fake: a device that plays its script step by step, and a bus that plugs and unplugs them.
#include "drivers/usb/scripted_usb_device.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "drivers/protocol/hex_dump.h"
#include "drivers/usb/hotplug_watchers.h"

namespace yimen::drivers::usb {
namespace {

// Bytes of a transfer quoted in a script mismatch message.
constexpr std::size_t kBytesShown = 32;

std::string hex2(std::uint8_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", value);
    return buf;
}

std::string hex4(std::uint16_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", value);
    return buf;
}

std::string controlName(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                        std::uint16_t index) {
    return "request type " + hex2(requestType) + " request " + hex2(request) + " value " + hex4(value) +
           " index " + hex4(index);
}

}  // namespace

UsbDeviceInfo bulkDeviceInfo(UsbId id, UsbLocation location, std::uint8_t interfaceClass,
                             std::uint8_t outEndpoint, std::uint8_t inEndpoint, std::uint16_t maxPacketSize) {
    UsbDeviceInfo info;
    info.id = id;
    info.location = location;
    UsbInterface interface;
    interface.interfaceClass = interfaceClass;
    interface.endpoints.push_back({outEndpoint, TransferType::bulk, maxPacketSize});
    if (inEndpoint != outEndpoint) {
        interface.endpoints.push_back({inEndpoint, TransferType::bulk, maxPacketSize});
    }
    info.interfaces.push_back(std::move(interface));
    return info;
}

// ---- UsbScript: building ----

UsbScript& UsbScript::expectWrite(std::uint8_t endpoint, std::vector<std::uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::write;
    step.endpoint = endpoint;
    step.bytes = std::move(bytes);
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::reply(std::uint8_t endpoint, std::vector<std::uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::reply;
    step.endpoint = endpoint;
    step.bytes = std::move(bytes);
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::timeout(std::uint8_t endpoint) {
    return timeoutAfter(endpoint, 0);
}

UsbScript& UsbScript::timeoutAfter(std::uint8_t endpoint, std::size_t acceptedBytes) {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::timeout;
    step.endpoint = endpoint;
    step.accepted = acceptedBytes;
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::stall(std::uint8_t endpoint) {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::stall;
    step.endpoint = endpoint;
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::disconnect() {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::disconnect;
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::expectControlOut(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                                       std::uint16_t index, std::vector<std::uint8_t> data) {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::controlOut;
    step.requestType = requestType;
    step.request = request;
    step.value = value;
    step.index = index;
    step.bytes = std::move(data);
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::expectControlIn(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                                      std::uint16_t index, std::vector<std::uint8_t> reply) {
    std::lock_guard lock(mutex_);
    Step step;
    step.kind = StepKind::controlIn;
    step.requestType = requestType;
    step.request = request;
    step.value = value;
    step.index = index;
    step.bytes = std::move(reply);
    steps_.push_back(std::move(step));
    return *this;
}

UsbScript& UsbScript::refuseClaim(std::uint8_t interfaceNumber) {
    std::lock_guard lock(mutex_);
    refusedClaims_.insert(interfaceNumber);
    return *this;
}

// ---- UsbScript: inspecting ----

bool UsbScript::finished() const {
    std::lock_guard lock(mutex_);
    return position_ >= steps_.size();
}

std::string UsbScript::remaining() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (std::size_t i = position_; i < steps_.size(); ++i) {
        out += describeLocked(steps_[i]) + "\n";
    }
    return out;
}

std::vector<std::string> UsbScript::mismatches() const {
    std::lock_guard lock(mutex_);
    return mismatches_;
}

std::vector<std::uint8_t> UsbScript::written(std::uint8_t endpoint) const {
    std::lock_guard lock(mutex_);
    auto it = written_.find(endpoint);
    return it == written_.end() ? std::vector<std::uint8_t>{} : it->second;
}

std::set<std::uint8_t> UsbScript::claimedInterfaces() const {
    std::lock_guard lock(mutex_);
    return claimed_;
}

bool UsbScript::unplugged() const {
    std::lock_guard lock(mutex_);
    return gone_;
}

void UsbScript::markUnplugged() {
    std::lock_guard lock(mutex_);
    gone_ = true;
}

void UsbScript::onDisconnect(std::function<void()> listener) {
    std::lock_guard lock(mutex_);
    onDisconnect_ = std::move(listener);
}

std::string UsbScript::describeLocked(const Step& step) const {
    switch (step.kind) {
    case StepKind::write: {
        const auto rest = std::span(step.bytes).subspan(step.offset);
        return "a write to " + hex2(step.endpoint) + " of " + protocol::hexDump(rest, kBytesShown);
    }
    case StepKind::reply: {
        const auto rest = std::span(step.bytes).subspan(step.offset);
        return "a read from " + hex2(step.endpoint) + " answered with " +
               protocol::hexDump(rest, kBytesShown);
    }
    case StepKind::timeout: return "a transfer on " + hex2(step.endpoint) + " that times out";
    case StepKind::stall: return "a transfer on " + hex2(step.endpoint) + " that stalls";
    case StepKind::disconnect: return "the device unplugged";
    case StepKind::controlOut:
        return "control OUT " + controlName(step.requestType, step.request, step.value, step.index) +
               " data [" + protocol::hexDump(step.bytes, kBytesShown) + "]";
    case StepKind::controlIn:
        return "control IN " + controlName(step.requestType, step.request, step.value, step.index);
    }
    return "an unknown step";
}

// ---- UsbScript: playing ----

Error UsbScript::mismatchLocked(std::string expectedAndGot) {
    mismatches_.push_back(expectedAndGot);
    return {ErrorCode::io, "scripted device: " + expectedAndGot};
}

Error UsbScript::goneLocked() const {
    return {ErrorCode::unavailable, "scripted device: device unplugged"};
}

void UsbScript::disconnectLocked(std::function<void()>& notify) {
    gone_ = true;
    ++position_;
    notify = onDisconnect_;
}

Status UsbScript::claim(std::uint8_t number) {
    std::lock_guard lock(mutex_);
    if (gone_) {
        return fail(goneLocked());
    }
    if (refusedClaims_.count(number) != 0) {
        return fail(ErrorCode::conflict, "scripted device: interface " + std::to_string(number) +
                                             " is claimed by another program");
    }
    claimed_.insert(number);
    return {};
}

Status UsbScript::release(std::uint8_t number) {
    std::lock_guard lock(mutex_);
    claimed_.erase(number);
    if (gone_) {
        return fail(goneLocked());
    }
    return {};
}

Expected<std::size_t> UsbScript::playWrite(std::uint8_t endpoint, std::span<const std::uint8_t> data) {
    std::function<void()> notify;
    Expected<std::size_t> result = [&]() -> Expected<std::size_t> {
        std::lock_guard lock(mutex_);
        if (gone_) {
            return fail(goneLocked());
        }
        if (halted_.count(endpoint) != 0) {
            return fail(ErrorCode::device, "scripted device: endpoint " + hex2(endpoint) + " is halted");
        }
        std::size_t done = 0;
        auto& log = written_[endpoint];
        while (done < data.size()) {
            if (position_ >= steps_.size()) {
                log.insert(log.end(), data.begin() + static_cast<std::ptrdiff_t>(done), data.end());
                return fail(mismatchLocked("expected the end of the script, got a write to " +
                                           hex2(endpoint) + " of " +
                                           protocol::hexDump(data.subspan(done), kBytesShown)));
            }
            Step& step = steps_[position_];
            if (step.kind == StepKind::disconnect) {
                disconnectLocked(notify);
                return fail(goneLocked());
            }
            if (step.endpoint == endpoint && step.kind == StepKind::timeout) {
                const std::size_t accepted = std::min(step.accepted, data.size() - done);
                log.insert(log.end(), data.begin() + static_cast<std::ptrdiff_t>(done),
                           data.begin() + static_cast<std::ptrdiff_t>(done + accepted));
                ++position_;
                return fail(ErrorCode::timeout, "scripted device: write to " + hex2(endpoint) +
                                                    " timed out (" + std::to_string(done + accepted) +
                                                    " of " + std::to_string(data.size()) + " bytes written)");
            }
            if (step.endpoint == endpoint && step.kind == StepKind::stall) {
                ++position_;
                halted_.insert(endpoint);
                return fail(ErrorCode::device, "scripted device: endpoint " + hex2(endpoint) + " stalled (" +
                                                   std::to_string(done) + " of " +
                                                   std::to_string(data.size()) + " bytes written)");
            }
            if (step.kind != StepKind::write || step.endpoint != endpoint) {
                const std::string expected = describeLocked(step);
                log.insert(log.end(), data.begin() + static_cast<std::ptrdiff_t>(done), data.end());
                return fail(mismatchLocked("expected " + expected + ", got a write to " + hex2(endpoint) +
                                           " of " + protocol::hexDump(data.subspan(done), kBytesShown)));
            }
            const std::size_t count = std::min(step.bytes.size() - step.offset, data.size() - done);
            for (std::size_t i = 0; i < count; ++i) {
                if (step.bytes[step.offset + i] != data[done + i]) {
                    const std::string expected = describeLocked(step);
                    log.insert(log.end(), data.begin() + static_cast<std::ptrdiff_t>(done), data.end());
                    return fail(mismatchLocked("expected " + expected + ", got a write to " + hex2(endpoint) +
                                               " of " + protocol::hexDump(data.subspan(done), kBytesShown) +
                                               " (differs at byte " + std::to_string(i) + ")"));
                }
            }
            log.insert(log.end(), data.begin() + static_cast<std::ptrdiff_t>(done),
                       data.begin() + static_cast<std::ptrdiff_t>(done + count));
            step.offset += count;
            done += count;
            if (step.offset >= step.bytes.size()) {
                ++position_;
            }
        }
        return data.size();
    }();
    if (notify) {
        notify();
    }
    return result;
}

Expected<std::vector<std::uint8_t>> UsbScript::playRead(std::uint8_t endpoint, std::size_t maxLength) {
    std::function<void()> notify;
    Expected<std::vector<std::uint8_t>> result = [&]() -> Expected<std::vector<std::uint8_t>> {
        std::lock_guard lock(mutex_);
        if (gone_) {
            return fail(goneLocked());
        }
        if (halted_.count(endpoint) != 0) {
            return fail(ErrorCode::device, "scripted device: endpoint " + hex2(endpoint) + " is halted");
        }
        if (position_ < steps_.size()) {
            Step& step = steps_[position_];
            if (step.kind == StepKind::disconnect) {
                disconnectLocked(notify);
                return fail(goneLocked());
            }
            if (step.endpoint == endpoint && step.kind == StepKind::timeout) {
                ++position_;
                return fail(ErrorCode::timeout,
                            "scripted device: read from " + hex2(endpoint) + " timed out");
            }
            if (step.endpoint == endpoint && step.kind == StepKind::stall) {
                ++position_;
                halted_.insert(endpoint);
                return fail(ErrorCode::device, "scripted device: endpoint " + hex2(endpoint) + " stalled");
            }
            if (step.endpoint == endpoint && step.kind == StepKind::reply) {
                const std::size_t count = std::min(step.bytes.size() - step.offset, maxLength);
                std::vector<std::uint8_t> out(
                    step.bytes.begin() + static_cast<std::ptrdiff_t>(step.offset),
                    step.bytes.begin() + static_cast<std::ptrdiff_t>(step.offset + count));
                step.offset += count;
                if (step.offset >= step.bytes.size()) {
                    ++position_;
                }
                return out;
            }
        }
        return fail(ErrorCode::timeout,
                    "scripted device: read from " + hex2(endpoint) + " timed out (nothing to read)");
    }();
    if (notify) {
        notify();
    }
    return result;
}

Expected<std::vector<std::uint8_t>> UsbScript::playControl(bool in, std::uint8_t requestType,
                                                           std::uint8_t request, std::uint16_t value,
                                                           std::uint16_t index,
                                                           std::span<const std::uint8_t> data,
                                                           std::uint16_t length) {
    std::function<void()> notify;
    Expected<std::vector<std::uint8_t>> result = [&]() -> Expected<std::vector<std::uint8_t>> {
        std::lock_guard lock(mutex_);
        if (gone_) {
            return fail(goneLocked());
        }
        const std::string got = std::string(in ? "control IN " : "control OUT ") +
                                controlName(requestType, request, value, index) +
                                (in ? std::string() : " data [" + protocol::hexDump(data, kBytesShown) + "]");
        if (position_ >= steps_.size()) {
            return fail(mismatchLocked("expected the end of the script, got " + got));
        }
        Step& step = steps_[position_];
        if (step.kind == StepKind::disconnect) {
            disconnectLocked(notify);
            return fail(goneLocked());
        }
        if (step.kind == StepKind::stall && step.endpoint == 0) {
            ++position_;
            return fail(ErrorCode::device, "scripted device: " + got + " refused (stall)");
        }
        if (step.kind == StepKind::timeout && step.endpoint == 0) {
            ++position_;
            return fail(ErrorCode::timeout, "scripted device: " + got + " timed out");
        }
        const bool matches =
            step.kind == (in ? StepKind::controlIn : StepKind::controlOut) &&
            step.requestType == requestType && step.request == request && step.value == value &&
            step.index == index &&
            (in || std::equal(step.bytes.begin(), step.bytes.end(), data.begin(), data.end()));
        if (!matches) {
            return fail(mismatchLocked("expected " + describeLocked(step) + ", got " + got));
        }
        ++position_;
        if (!in) {
            return std::vector<std::uint8_t>(data.begin(), data.end());
        }
        std::vector<std::uint8_t> reply = step.bytes;
        if (reply.size() > length) {
            reply.resize(length);
        }
        return reply;
    }();
    if (notify) {
        notify();
    }
    return result;
}

Status UsbScript::playClearHalt(std::uint8_t endpoint) {
    std::lock_guard lock(mutex_);
    if (gone_) {
        return fail(goneLocked());
    }
    halted_.erase(endpoint);
    return {};
}

// ---- ScriptedUsbDevice ----

ScriptedUsbDevice::ScriptedUsbDevice(UsbDeviceInfo info, std::shared_ptr<UsbScript> script)
    : info_(std::move(info)), script_(std::move(script)) {}

Status ScriptedUsbDevice::claimInterface(std::uint8_t number) {
    return script_->claim(number);
}

Status ScriptedUsbDevice::releaseInterface(std::uint8_t number) {
    return script_->release(number);
}

Expected<std::size_t> ScriptedUsbDevice::write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                               Timeout) {
    return script_->playWrite(endpoint, data);
}

Expected<std::vector<std::uint8_t>> ScriptedUsbDevice::read(std::uint8_t endpoint, std::size_t maxLength,
                                                            Timeout) {
    return script_->playRead(endpoint, maxLength);
}

Expected<std::size_t> ScriptedUsbDevice::controlOut(std::uint8_t requestType, std::uint8_t request,
                                                    std::uint16_t value, std::uint16_t index,
                                                    std::span<const std::uint8_t> data, Timeout) {
    auto played = script_->playControl(false, requestType, request, value, index, data, 0);
    if (!played) {
        return played.error();
    }
    return played->size();
}

Expected<std::vector<std::uint8_t>> ScriptedUsbDevice::controlIn(std::uint8_t requestType,
                                                                 std::uint8_t request, std::uint16_t value,
                                                                 std::uint16_t index, std::uint16_t length,
                                                                 Timeout) {
    return script_->playControl(true, requestType, request, value, index, {}, length);
}

Status ScriptedUsbDevice::clearHalt(std::uint8_t endpoint) {
    return script_->playClearHalt(endpoint);
}

// ---- ScriptedUsbBus ----

struct ScriptedUsbBus::Shared {
    struct Plugged {
        UsbDeviceInfo info;
        std::shared_ptr<UsbScript> script;
    };
    using Key = std::pair<std::uint8_t, std::uint8_t>;

    mutable std::mutex mutex;
    std::map<Key, Plugged> devices;
    std::map<Key, Error> openFailures;
    std::map<Key, int> opens;

    const std::shared_ptr<HotplugWatchers> watchers = HotplugWatchers::create();

    static Key keyOf(const UsbLocation& location) { return {location.bus, location.address}; }

    // Removes the device if `script` is still the one plugged there; returns its description.
    std::optional<UsbDeviceInfo> take(const UsbLocation& location, const UsbScript* script) {
        std::lock_guard lock(mutex);
        auto it = devices.find(keyOf(location));
        if (it == devices.end() || (script != nullptr && it->second.script.get() != script)) {
            return std::nullopt;
        }
        UsbDeviceInfo info = it->second.info;
        it->second.script->markUnplugged();
        devices.erase(it);
        return info;
    }
};

ScriptedUsbBus::ScriptedUsbBus() : shared_(std::make_shared<Shared>()) {}

ScriptedUsbBus::~ScriptedUsbBus() {
    std::lock_guard lock(shared_->mutex);
    for (auto& entry : shared_->devices) {
        entry.second.script->onDisconnect({});
    }
}

void ScriptedUsbBus::plug(UsbDeviceInfo info, std::shared_ptr<UsbScript> script) {
    unplug(info.location);
    std::weak_ptr<Shared> weak = shared_;
    const UsbLocation location = info.location;
    script->onDisconnect([weak, location, raw = script.get()] {
        if (auto shared = weak.lock()) {
            if (auto gone = shared->take(location, raw)) {
                shared->watchers->dispatch(HotplugEvent::left, *gone);
            }
        }
    });
    {
        std::lock_guard lock(shared_->mutex);
        shared_->devices[Shared::keyOf(location)] = {info, std::move(script)};
    }
    shared_->watchers->dispatch(HotplugEvent::arrived, info);
}

void ScriptedUsbBus::unplug(const UsbLocation& location) {
    if (auto gone = shared_->take(location, nullptr)) {
        shared_->watchers->dispatch(HotplugEvent::left, *gone);
    }
}

void ScriptedUsbBus::failNextOpen(const UsbLocation& location, Error error) {
    std::lock_guard lock(shared_->mutex);
    shared_->openFailures[Shared::keyOf(location)] = std::move(error);
}

int ScriptedUsbBus::openCount(const UsbLocation& location) const {
    std::lock_guard lock(shared_->mutex);
    auto it = shared_->opens.find(Shared::keyOf(location));
    return it == shared_->opens.end() ? 0 : it->second;
}

Expected<std::vector<UsbDeviceInfo>> ScriptedUsbBus::list() {
    std::lock_guard lock(shared_->mutex);
    std::vector<UsbDeviceInfo> infos;
    for (const auto& entry : shared_->devices) {
        infos.push_back(entry.second.info);
    }
    return infos;
}

Expected<std::unique_ptr<UsbDevice>> ScriptedUsbBus::open(const UsbLocation& location) {
    std::lock_guard lock(shared_->mutex);
    const auto key = Shared::keyOf(location);
    if (auto failure = shared_->openFailures.find(key); failure != shared_->openFailures.end()) {
        Error error = failure->second;
        shared_->openFailures.erase(failure);
        return fail(std::move(error));
    }
    auto it = shared_->devices.find(key);
    if (it == shared_->devices.end()) {
        return fail(ErrorCode::notFound, "no USB device at bus " + std::to_string(location.bus) +
                                             " address " + std::to_string(location.address));
    }
    ++shared_->opens[key];
    return std::unique_ptr<UsbDevice>(
        std::make_unique<ScriptedUsbDevice>(it->second.info, it->second.script));
}

Expected<std::shared_ptr<void>> ScriptedUsbBus::watch(HotplugCallback callback) {
    return shared_->watchers->add(std::move(callback));
}

}  // namespace yimen::drivers::usb
