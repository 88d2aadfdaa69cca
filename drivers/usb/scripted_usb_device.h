// A fake UsbDevice and UsbBus that play a scripted exchange: for tests and the demo, without hardware.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "drivers/usb/usb_device.h"

namespace yimen::drivers::usb {

// The script one device plays: an ordered list of steps, consumed as the driver talks to the device. Shared
// by the test (which writes it and checks it afterwards) and the fake device (which plays it). Thread-safe.
//
// How the fake answers:
//   write     must match the next expectWrite steps of that endpoint byte for byte (a write may span several
//             steps, or cover part of one); anything else is a mismatch: an io error whose message says what
//             the script expected and what came, recorded in mismatches(). Never waits.
//   read      returns the next reply of that endpoint (at most maxLength bytes; the rest stays for the next
//             read). When the next step is not for this endpoint the device has nothing to say: a timeout
//             error at once, the step is kept. Never waits.
//   control   must match the next expectControlOut / expectControlIn step exactly, else a mismatch.
//   timeout   the next transfer on the endpoint fails with timeout (a write with timeoutAfter accepts its
//             first bytes first).
//   stall     the next transfer on the endpoint fails with device and halts it: every later transfer on it
//             fails the same way until clearHalt. A stall on endpoint 0 refuses the next control request.
//   disconnect  from here on every call fails with unavailable, and a ScriptedUsbBus reports the departure.
class UsbScript {
public:
    UsbScript& expectWrite(std::uint8_t endpoint, std::vector<std::uint8_t> bytes);
    UsbScript& reply(std::uint8_t endpoint, std::vector<std::uint8_t> bytes);
    UsbScript& timeout(std::uint8_t endpoint);
    // The next write on `endpoint` accepts `acceptedBytes` (recorded in written(), not matched) then times
    // out.
    UsbScript& timeoutAfter(std::uint8_t endpoint, std::size_t acceptedBytes);
    UsbScript& stall(std::uint8_t endpoint);
    UsbScript& disconnect();
    UsbScript& expectControlOut(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                                std::uint16_t index, std::vector<std::uint8_t> data = {});
    UsbScript& expectControlIn(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                               std::uint16_t index, std::vector<std::uint8_t> reply);
    // Not a step: claiming this interface fails with conflict, as when another program holds it.
    UsbScript& refuseClaim(std::uint8_t interfaceNumber);

    // True when every step has been played.
    bool finished() const;
    // What the script still waits for, one step per line; empty when finished.
    std::string remaining() const;
    // Every mismatch so far, as "expected …, got …".
    std::vector<std::string> mismatches() const;
    // Every byte written to `endpoint` (matched or not), in order.
    std::vector<std::uint8_t> written(std::uint8_t endpoint) const;
    std::set<std::uint8_t> claimedInterfaces() const;
    bool unplugged() const;

    // Marks the device gone without a script step (ScriptedUsbBus::unplug).
    void markUnplugged();
    // Called (outside the script's lock) when a disconnect step is played. Used by ScriptedUsbBus.
    void onDisconnect(std::function<void()> listener);

    // The fake device's side; see ScriptedUsbDevice.
    Status claim(std::uint8_t number);
    Status release(std::uint8_t number);
    Expected<std::size_t> playWrite(std::uint8_t endpoint, std::span<const std::uint8_t> data);
    Expected<std::vector<std::uint8_t>> playRead(std::uint8_t endpoint, std::size_t maxLength);
    Expected<std::vector<std::uint8_t>> playControl(bool in, std::uint8_t requestType, std::uint8_t request,
                                                    std::uint16_t value, std::uint16_t index,
                                                    std::span<const std::uint8_t> data, std::uint16_t length);
    Status playClearHalt(std::uint8_t endpoint);

    enum class StepKind { write, reply, timeout, stall, disconnect, controlOut, controlIn };
    struct Step {
        StepKind kind = StepKind::write;
        std::uint8_t endpoint = 0;
        std::vector<std::uint8_t> bytes;  // expected write, reply, control data
        std::size_t offset = 0;           // bytes of `bytes` already played
        std::size_t accepted = 0;         // timeoutAfter
        std::uint8_t requestType = 0;
        std::uint8_t request = 0;
        std::uint16_t value = 0;
        std::uint16_t index = 0;
    };

private:
    Error mismatchLocked(std::string expectedAndGot);
    Error goneLocked() const;
    std::string describeLocked(const Step& step) const;
    void disconnectLocked(std::function<void()>& notify);

    mutable std::mutex mutex_;
    std::vector<Step> steps_;
    std::size_t position_ = 0;
    std::vector<std::string> mismatches_;
    std::map<std::uint8_t, std::vector<std::uint8_t>> written_;
    std::set<std::uint8_t> halted_;
    std::set<std::uint8_t> claimed_;
    std::set<std::uint8_t> refusedClaims_;
    bool gone_ = false;
    std::function<void()> onDisconnect_;
};

// A UsbDevice that plays a UsbScript. Owns nothing but a share of the script; never blocks.
class ScriptedUsbDevice final : public UsbDevice {
public:
    ScriptedUsbDevice(UsbDeviceInfo info, std::shared_ptr<UsbScript> script);

    const UsbDeviceInfo& info() const override { return info_; }
    [[nodiscard]] Status claimInterface(std::uint8_t number) override;
    [[nodiscard]] Status releaseInterface(std::uint8_t number) override;
    [[nodiscard]] Expected<std::size_t> write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                              Timeout timeout) override;
    [[nodiscard]] Expected<std::vector<std::uint8_t>> read(std::uint8_t endpoint, std::size_t maxLength,
                                                           Timeout timeout) override;
    [[nodiscard]] Expected<std::size_t> controlOut(std::uint8_t requestType, std::uint8_t request,
                                                   std::uint16_t value, std::uint16_t index,
                                                   std::span<const std::uint8_t> data,
                                                   Timeout timeout) override;
    [[nodiscard]] Expected<std::vector<std::uint8_t>> controlIn(std::uint8_t requestType,
                                                                std::uint8_t request, std::uint16_t value,
                                                                std::uint16_t index, std::uint16_t length,
                                                                Timeout timeout) override;
    [[nodiscard]] Status clearHalt(std::uint8_t endpoint) override;

    UsbScript& script() { return *script_; }

private:
    UsbDeviceInfo info_;
    std::shared_ptr<UsbScript> script_;
};

// A bus of scripted devices that the test plugs in and pulls out. Thread-safe. Hotplug callbacks run on the
// thread that calls plug() or unplug(), or on the device's thread when its script plays a disconnect step,
// never while the bus holds its lock.
class ScriptedUsbBus final : public UsbBus {
public:
    ScriptedUsbBus();
    ~ScriptedUsbBus() override;
    ScriptedUsbBus(const ScriptedUsbBus&) = delete;
    ScriptedUsbBus& operator=(const ScriptedUsbBus&) = delete;

    // Plugs a device in: list() shows it, open() plays `script`, watchers hear "arrived". A device already at
    // that location is unplugged first.
    void plug(UsbDeviceInfo info, std::shared_ptr<UsbScript> script);
    // Pulls the device out: its script is marked unplugged (open devices fail with unavailable), watchers
    // hear "left". Nothing happens when no device is there.
    void unplug(const UsbLocation& location);
    // The next open() of `location` fails with `error` (permission, busy).
    void failNextOpen(const UsbLocation& location, Error error);
    // How many times open() succeeded for `location`.
    int openCount(const UsbLocation& location) const;

    [[nodiscard]] Expected<std::vector<UsbDeviceInfo>> list() override;
    [[nodiscard]] Expected<std::unique_ptr<UsbDevice>> open(const UsbLocation& location) override;
    [[nodiscard]] Expected<std::shared_ptr<void>> watch(HotplugCallback callback) override;

    struct Shared;

private:
    std::shared_ptr<Shared> shared_;
};

// A device description with one interface of `interfaceClass` and two bulk endpoints, for scripts.
UsbDeviceInfo bulkDeviceInfo(UsbId id, UsbLocation location, std::uint8_t interfaceClass,
                             std::uint8_t outEndpoint, std::uint8_t inEndpoint,
                             std::uint16_t maxPacketSize = 64);

}  // namespace yimen::drivers::usb
