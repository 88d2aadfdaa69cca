// The seam under libusb: a small USB-device interface that the real backend (libusb) and the scripted fake
// share.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::usb {

using Timeout = std::chrono::milliseconds;

struct UsbId {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    friend bool operator==(const UsbId&, const UsbId&) = default;
};

// Where a device sits: stable while it stays plugged in; a replug gives it a new address.
struct UsbLocation {
    std::uint8_t bus = 0;
    std::uint8_t address = 0;
    friend bool operator==(const UsbLocation&, const UsbLocation&) = default;
};

enum class TransferType : std::uint8_t { control, isochronous, bulk, interrupt };

struct UsbEndpoint {
    std::uint8_t address = 0;  // bit 7 set: IN (device to host)
    TransferType type = TransferType::bulk;
    std::uint16_t maxPacketSize = 64;
    bool isIn() const { return (address & 0x80) != 0; }
};

struct UsbInterface {
    std::uint8_t number = 0;
    std::uint8_t alternate = 0;
    std::uint8_t interfaceClass = 0;  // 7 printer, 3 HID, 0xFF vendor
    std::uint8_t subclass = 0;
    std::uint8_t protocol = 0;
    std::vector<UsbEndpoint> endpoints;
};

struct UsbDeviceInfo {
    UsbId id;
    UsbLocation location;
    std::string manufacturer;  // may be empty when the device has no string descriptors
    std::string product;
    std::string serial;
    std::vector<UsbInterface> interfaces;  // of the active configuration
};

// One opened device. Not thread-safe: one owner thread (the device's driver thread).
// Every call has a timeout and never blocks longer than it. Errors, the same for every backend:
//   timeout      the transfer did not complete in time (a bulk read with nothing to read)
//   unavailable  the device is gone (unplugged) — the owner should drop it and wait for a replug
//   device       the endpoint stalled or the device refused the request
//   io           any other transfer failure
//   conflict     the interface is claimed by another program
class UsbDevice {
public:
    virtual ~UsbDevice() = default;

    virtual const UsbDeviceInfo& info() const = 0;

    // Claims the interface, detaching a kernel driver (usblp, usbhid, ch341…) first when one is bound.
    [[nodiscard]] virtual Status claimInterface(std::uint8_t number) = 0;
    [[nodiscard]] virtual Status releaseInterface(std::uint8_t number) = 0;

    // Bulk or interrupt OUT; returns the bytes actually written (a timeout may leave a partial write: the
    // error message then says how many went out).
    [[nodiscard]] virtual Expected<std::size_t> write(std::uint8_t endpoint,
                                                      std::span<const std::uint8_t> data,
                                                      Timeout timeout) = 0;
    // Bulk or interrupt IN: up to maxLength bytes (one transfer; may be shorter).
    [[nodiscard]] virtual Expected<std::vector<std::uint8_t>> read(std::uint8_t endpoint,
                                                                   std::size_t maxLength,
                                                                   Timeout timeout) = 0;

    // Control transfers. requestType as in the USB spec (bit 7 = IN).
    [[nodiscard]] virtual Expected<std::size_t> controlOut(std::uint8_t requestType, std::uint8_t request,
                                                           std::uint16_t value, std::uint16_t index,
                                                           std::span<const std::uint8_t> data,
                                                           Timeout timeout) = 0;
    [[nodiscard]] virtual Expected<std::vector<std::uint8_t>> controlIn(
        std::uint8_t requestType, std::uint8_t request, std::uint16_t value, std::uint16_t index,
        std::uint16_t length, Timeout timeout) = 0;

    // Clears a stalled endpoint.
    [[nodiscard]] virtual Status clearHalt(std::uint8_t endpoint) = 0;
};

enum class HotplugEvent { arrived, left };

// The bus: lists, opens, and watches devices. Thread-safe.
class UsbBus {
public:
    virtual ~UsbBus() = default;

    [[nodiscard]] virtual Expected<std::vector<UsbDeviceInfo>> list() = 0;
    // Errors: notFound (no such device now), conflict (permission or busy: the message names the udev rule to
    // check).
    [[nodiscard]] virtual Expected<std::unique_ptr<UsbDevice>> open(const UsbLocation& location) = 0;

    using HotplugCallback = std::function<void(HotplugEvent, const UsbDeviceInfo&)>;
    // Calls `callback` from the bus's event thread on every arrival and departure until the returned handle
    // is destroyed. The callback must only post events; it must not call back into the bus.
    [[nodiscard]] virtual Expected<std::shared_ptr<void>> watch(HotplugCallback callback) = 0;
};

}  // namespace yimen::drivers::usb
