// Keeps every device's health current: hears USB arrivals and departures, probes devices that are absent or
// failing until they work again, and takes the outcomes the drivers report.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/health/device_health.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::health {

using Timeout = std::chrono::milliseconds;

// One device the manager looks after.
struct ManagedDevice {
    DeviceKind kind = DeviceKind::cardReader;
    // Which USB devices are this one: an arrival that matches wakes it, a departure makes it absent. Empty
    // for devices hot-plug does not see (tty, V4L2, simulated).
    std::function<bool(const usb::UsbDeviceInfo&)> matches;
    // Checks the device, opening it when needed (a printer's status, the SAM's self-check). Bounded in time,
    // and it must not consume anything a citizen did (no reading of scans or cards). Empty when the device's
    // own thread reports its outcomes through DeviceManager::report (a scanner, a camera, a card poller).
    std::function<Status()> probe;
    // Called on the manager's thread when a matching device arrives, before the probe: wakes the device's
    // own thread (ScannerPump::wake, CameraStream::reconnectNow) so it reconnects now rather than after its
    // back-off.
    std::function<void()> onArrival;
};

struct DeviceManagerOptions {
    // Between probes of a device that is absent or degraded, and the first retries after an arrival (a
    // device's node can take a moment to become usable after the hot-plug event).
    Timeout retryInterval{250};
    // Between probes of a device that works; 0: not probed while it works.
    Timeout checkInterval{5000};
    // After an arrival the device is probed at once and, while that fails, again every arrivalRetryInterval
    // up to arrivalAttempts times: its node may not be usable yet (udev still setting permissions), and a
    // driver holding the old, unplugged device only drops it on the first call that fails.
    Timeout arrivalRetryInterval{100};
    int arrivalAttempts = 10;
};

// After a replug a device with a probe is opened again within about one arrival retry interval of its
// arrival (well inside 2 s), with no restart; a device without a probe is woken through onArrival.
//
// Threads: one of its own for probes and hot-plug events; the bus's event thread only posts to it. The
// board (borrowed, must outlive the manager) is updated from the manager's thread and from report()'s
// callers. Thread-safe.
class DeviceManager {
public:
    // `bus` is borrowed and may be null (no hot-plug: devices are only probed).
    DeviceManager(usb::UsbBus* bus, HealthBoard& board, DeviceManagerOptions options = {});
    // stop().
    ~DeviceManager();
    DeviceManager(const DeviceManager&) = delete;
    DeviceManager& operator=(const DeviceManager&) = delete;

    // The device is tracked on the board as absent until it proves otherwise. Errors: conflict after start().
    [[nodiscard]] Status add(ManagedDevice device);
    // Watches the bus and starts probing (every device with a probe is probed at once). Errors: the bus's
    // watch error; the manager then runs without hot-plug (probes still find a replugged device within one
    // retry interval) — the caller logs it. conflict when already started.
    [[nodiscard]] Status start();

    // The outcome of a driver call on `kind`, from any thread: updates the board; a failure makes the
    // manager probe the device (when it has a probe) every retry interval until it works again.
    void report(DeviceKind kind, const Status& outcome);

    // Stops watching the bus and stops the thread, waiting for a running probe or onArrival. After it returns
    // no probe or onArrival runs again: call it before destroying what they use (a ScannerPump, a
    // CameraStream, a printer). report() still updates the board. Idempotent.
    void stop();

private:
    struct Entry {
        ManagedDevice device;
        std::optional<std::chrono::steady_clock::time_point> nextProbe;
        int arrivalAttemptsLeft = 0;
    };
    struct Notice {
        usb::HotplugEvent event;
        usb::UsbDeviceInfo info;
    };

    void run(StopToken& stop);
    void handle(const Notice& notice);
    void probe(Entry& entry);
    // Plans the entry's next probe; a probe already planned earlier stays.
    void scheduleLocked(Entry& entry, std::optional<Timeout> after);
    std::optional<Timeout> intervalAfter(bool healthy) const;

    usb::UsbBus* bus_;
    HealthBoard& board_;
    const DeviceManagerOptions options_;
    std::mutex mutex_;
    std::vector<Entry> entries_;
    std::deque<Notice> notices_;
    bool started_ = false;
    std::shared_ptr<void> watch_;
    Worker worker_{"device-manager"};
};

}  // namespace yimen::drivers::health
