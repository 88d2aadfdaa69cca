// The libusb backend of the USB seam: the context and its event thread, listing, hotplug, and transfers.
#include "drivers/usb/libusb_bus.h"

#include <libusb.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "common/log.h"
#include "common/utf8.h"
#include "common/worker.h"
#include "drivers/usb/hotplug_watchers.h"

namespace yimen::drivers::usb {
namespace {

constexpr const char* kLogComponent = "usb";

// libusb_exit runs when the bus and every device opened from it are gone.
struct Context {
    libusb_context* ctx = nullptr;
    explicit Context(libusb_context* c) : ctx(c) {}
    ~Context() { libusb_exit(ctx); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
};

// libusb treats a timeout of 0 as "wait forever"; the seam promises never to block longer than asked.
unsigned int toLibusbTimeout(Timeout timeout) {
    const auto ms = timeout.count();
    if (ms <= 0) {
        return 1;
    }
    return ms > static_cast<long long>(UINT_MAX) ? UINT_MAX : static_cast<unsigned int>(ms);
}

std::string hex4(std::uint16_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04x", value);
    return buf;
}

std::string hex2(std::uint8_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", value);
    return buf;
}

std::string describeDevice(const UsbId& id, const UsbLocation& location) {
    return "USB device " + hex4(id.vendor) + ":" + hex4(id.product) + " at bus " +
           std::to_string(location.bus) + " address " + std::to_string(location.address);
}

Error mapError(int rc, const std::string& what) {
    const std::string detail = what + ": " + libusb_error_name(rc);
    switch (rc) {
    case LIBUSB_ERROR_TIMEOUT: return {ErrorCode::timeout, detail};
    case LIBUSB_ERROR_NO_DEVICE: return {ErrorCode::unavailable, what + ": device unplugged"};
    case LIBUSB_ERROR_PIPE: return {ErrorCode::device, what + ": endpoint stalled or request refused"};
    case LIBUSB_ERROR_BUSY: return {ErrorCode::conflict, what + ": claimed by another program"};
    case LIBUSB_ERROR_ACCESS:
        return {ErrorCode::conflict, what + ": permission denied (check the udev rules " +
                                         std::string(kUdevRulesFile) +
                                         " and that the kiosk user is in group kiosk)"};
    case LIBUSB_ERROR_NOT_FOUND: return {ErrorCode::notFound, detail};
    default: return {ErrorCode::io, detail};
    }
}

TransferType toTransferType(std::uint8_t attributes) {
    switch (attributes & LIBUSB_TRANSFER_TYPE_MASK) {
    case LIBUSB_TRANSFER_TYPE_CONTROL: return TransferType::control;
    case LIBUSB_TRANSFER_TYPE_ISOCHRONOUS: return TransferType::isochronous;
    case LIBUSB_TRANSFER_TYPE_INTERRUPT: return TransferType::interrupt;
    default: return TransferType::bulk;
    }
}

// Identity and descriptors, without any I/O to the device (libusb caches descriptors at enumeration).
UsbDeviceInfo describe(libusb_device* device, libusb_device_descriptor* descriptorOut = nullptr) {
    UsbDeviceInfo info;
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(device, &descriptor) == LIBUSB_SUCCESS) {
        info.id = {descriptor.idVendor, descriptor.idProduct};
    }
    if (descriptorOut != nullptr) {
        *descriptorOut = descriptor;
    }
    info.location = {libusb_get_bus_number(device), libusb_get_device_address(device)};

    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(device, &config) != LIBUSB_SUCCESS &&
        libusb_get_config_descriptor(device, 0, &config) != LIBUSB_SUCCESS) {
        return info;
    }
    for (int i = 0; i < config->bNumInterfaces; ++i) {
        const libusb_interface& interface = config->interface[i];
        for (int a = 0; a < interface.num_altsetting; ++a) {
            const libusb_interface_descriptor& alt = interface.altsetting[a];
            UsbInterface out;
            out.number = alt.bInterfaceNumber;
            out.alternate = alt.bAlternateSetting;
            out.interfaceClass = alt.bInterfaceClass;
            out.subclass = alt.bInterfaceSubClass;
            out.protocol = alt.bInterfaceProtocol;
            for (int e = 0; e < alt.bNumEndpoints; ++e) {
                const libusb_endpoint_descriptor& endpoint = alt.endpoint[e];
                out.endpoints.push_back({endpoint.bEndpointAddress, toTransferType(endpoint.bmAttributes),
                                         endpoint.wMaxPacketSize});
            }
            info.interfaces.push_back(std::move(out));
        }
    }
    libusb_free_config_descriptor(config);
    return info;
}

// A string descriptor is UTF-16LE; unpaired surrogates become U+FFFD.
std::string decodeUtf16Le(const unsigned char* data, std::size_t length) {
    std::string out;
    for (std::size_t i = 0; i + 1 < length; i += 2) {
        char32_t unit = static_cast<char32_t>(data[i] | (data[i + 1] << 8));
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < length) {
            const char32_t low = static_cast<char32_t>(data[i + 2] | (data[i + 3] << 8));
            if (low >= 0xDC00 && low <= 0xDFFF) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            } else {
                unit = 0xFFFD;
            }
        } else if (unit >= 0xD800 && unit <= 0xDFFF) {
            unit = 0xFFFD;
        }
        if (unit == 0) {
            break;
        }
        appendUtf8(out, unit);
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        out.pop_back();
    }
    return out;
}

std::optional<std::vector<unsigned char>> getStringDescriptor(libusb_device_handle* handle,
                                                              std::uint8_t index, std::uint16_t language,
                                                              Timeout timeout) {
    unsigned char buffer[255];
    const int n = libusb_control_transfer(handle, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR,
                                          static_cast<std::uint16_t>((LIBUSB_DT_STRING << 8) | index),
                                          language, buffer, sizeof buffer, toLibusbTimeout(timeout));
    if (n < 2 || buffer[1] != LIBUSB_DT_STRING) {
        return std::nullopt;
    }
    const std::size_t length = std::min<std::size_t>(static_cast<std::size_t>(n), buffer[0]);
    return std::vector<unsigned char>(buffer + 2, buffer + std::max<std::size_t>(length, 2));
}

struct Strings {
    std::string manufacturer;
    std::string product;
    std::string serial;
};

// Each request is bounded by `timeout`; a device that does not answer simply has no strings.
Strings readStrings(libusb_device_handle* handle, const libusb_device_descriptor& descriptor,
                    Timeout timeout) {
    Strings strings;
    if (descriptor.iManufacturer == 0 && descriptor.iProduct == 0 && descriptor.iSerialNumber == 0) {
        return strings;
    }
    const auto languages = getStringDescriptor(handle, 0, 0, timeout);
    if (!languages || languages->size() < 2) {
        return strings;
    }
    const auto language = static_cast<std::uint16_t>((*languages)[0] | ((*languages)[1] << 8));
    auto read = [&](std::uint8_t index) -> std::string {
        if (index == 0) {
            return {};
        }
        const auto raw = getStringDescriptor(handle, index, language, timeout);
        return raw ? decodeUtf16Le(raw->data(), raw->size()) : std::string{};
    };
    strings.manufacturer = read(descriptor.iManufacturer);
    strings.product = read(descriptor.iProduct);
    strings.serial = read(descriptor.iSerialNumber);
    return strings;
}

class LibusbDevice final : public UsbDevice {
public:
    LibusbDevice(std::shared_ptr<Context> context, libusb_device_handle* handle, UsbDeviceInfo info,
                 bool autoDetach)
        : context_(std::move(context)), handle_(handle), info_(std::move(info)), autoDetach_(autoDetach) {}

    ~LibusbDevice() override {
        for (const std::uint8_t number : claimed_) {
            libusb_release_interface(handle_, number);
            if (reattach_.count(number) != 0) {
                libusb_attach_kernel_driver(handle_, number);
            }
        }
        libusb_close(handle_);
    }
    LibusbDevice(const LibusbDevice&) = delete;
    LibusbDevice& operator=(const LibusbDevice&) = delete;

    const UsbDeviceInfo& info() const override { return info_; }

    Status claimInterface(std::uint8_t number) override {
        const std::string what = "claiming interface " + std::to_string(number) + " of " + name();
        if (!autoDetach_) {
            const int active = libusb_kernel_driver_active(handle_, number);
            if (active == 1) {
                const int rc = libusb_detach_kernel_driver(handle_, number);
                if (rc != LIBUSB_SUCCESS && rc != LIBUSB_ERROR_NOT_FOUND) {
                    return fail(mapError(rc, what + ": detaching the kernel driver"));
                }
                reattach_.insert(number);
            } else if (active == LIBUSB_ERROR_NO_DEVICE) {
                return fail(mapError(active, what));
            }
        }
        int rc = libusb_claim_interface(handle_, number);
        // Auto-detach claims through the disconnect-and-claim ioctl; where that ioctl is missing (old
        // kernels, device emulators) libusb fails the claim even though no driver is bound. Claim plainly
        // then.
        if (rc == LIBUSB_ERROR_OTHER && autoDetach_ && libusb_kernel_driver_active(handle_, number) != 1) {
            libusb_set_auto_detach_kernel_driver(handle_, 0);
            autoDetach_ = false;
            rc = libusb_claim_interface(handle_, number);
        }
        if (rc != LIBUSB_SUCCESS) {
            return fail(mapError(rc, what));
        }
        claimed_.insert(number);
        return {};
    }

    Status releaseInterface(std::uint8_t number) override {
        const int rc = libusb_release_interface(handle_, number);
        claimed_.erase(number);
        if (reattach_.erase(number) != 0) {
            libusb_attach_kernel_driver(handle_, number);
        }
        if (rc != LIBUSB_SUCCESS && rc != LIBUSB_ERROR_NOT_FOUND) {
            return fail(mapError(rc, "releasing interface " + std::to_string(number) + " of " + name()));
        }
        return {};
    }

    Expected<std::size_t> write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                Timeout timeout) override {
        if (data.size() > static_cast<std::size_t>(INT_MAX)) {
            return fail(ErrorCode::invalidInput,
                        "write of " + std::to_string(data.size()) + " bytes is too large");
        }
        int transferred = 0;
        // libusb takes a non-const buffer for both directions; an OUT transfer only reads it.
        auto* buffer = const_cast<unsigned char*>(data.data());
        const int rc = transfer(endpoint)(handle_, endpoint, buffer, static_cast<int>(data.size()),
                                          &transferred, toLibusbTimeout(timeout));
        if (rc == LIBUSB_SUCCESS) {
            return static_cast<std::size_t>(transferred);
        }
        return fail(mapError(rc, kindOf(endpoint) + " OUT " + hex2(endpoint) + " of " + name() + " (" +
                                     std::to_string(transferred) + " of " + std::to_string(data.size()) +
                                     " bytes written)"));
    }

    Expected<std::vector<std::uint8_t>> read(std::uint8_t endpoint, std::size_t maxLength,
                                             Timeout timeout) override {
        std::vector<std::uint8_t> buffer(std::min<std::size_t>(maxLength, INT_MAX));
        int transferred = 0;
        const int rc = transfer(endpoint)(handle_, endpoint, buffer.data(), static_cast<int>(buffer.size()),
                                          &transferred, toLibusbTimeout(timeout));
        // A timeout after some bytes arrived still delivers them: dropping them would lose part of a reply.
        if (rc == LIBUSB_SUCCESS || (rc == LIBUSB_ERROR_TIMEOUT && transferred > 0)) {
            buffer.resize(static_cast<std::size_t>(transferred));
            return buffer;
        }
        return fail(mapError(rc, kindOf(endpoint) + " IN " + hex2(endpoint) + " of " + name()));
    }

    Expected<std::size_t> controlOut(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                                     std::uint16_t index, std::span<const std::uint8_t> data,
                                     Timeout timeout) override {
        if (data.size() > 0xFFFF) {
            return fail(ErrorCode::invalidInput,
                        "control transfer of " + std::to_string(data.size()) + " bytes is too large");
        }
        auto* buffer = const_cast<unsigned char*>(data.data());
        const int rc = libusb_control_transfer(
            handle_, static_cast<std::uint8_t>(requestType & 0x7F), request, value, index, buffer,
            static_cast<std::uint16_t>(data.size()), toLibusbTimeout(timeout));
        if (rc >= 0) {
            return static_cast<std::size_t>(rc);
        }
        return fail(mapError(rc, controlName(requestType, request, value, index)));
    }

    Expected<std::vector<std::uint8_t>> controlIn(std::uint8_t requestType, std::uint8_t request,
                                                  std::uint16_t value, std::uint16_t index,
                                                  std::uint16_t length, Timeout timeout) override {
        std::vector<std::uint8_t> buffer(length);
        const int rc =
            libusb_control_transfer(handle_, static_cast<std::uint8_t>(requestType | LIBUSB_ENDPOINT_IN),
                                    request, value, index, buffer.data(), length, toLibusbTimeout(timeout));
        if (rc >= 0) {
            buffer.resize(static_cast<std::size_t>(rc));
            return buffer;
        }
        return fail(mapError(rc, controlName(requestType, request, value, index)));
    }

    Status clearHalt(std::uint8_t endpoint) override {
        const int rc = libusb_clear_halt(handle_, endpoint);
        if (rc != LIBUSB_SUCCESS) {
            return fail(mapError(rc, "clearing the halt of endpoint " + hex2(endpoint) + " of " + name()));
        }
        return {};
    }

private:
    using TransferFn = int (*)(libusb_device_handle*, unsigned char, unsigned char*, int, int*, unsigned int);

    const UsbEndpoint* findEndpoint(std::uint8_t address) const {
        for (const auto& interface : info_.interfaces) {
            for (const auto& endpoint : interface.endpoints) {
                if (endpoint.address == address) {
                    return &endpoint;
                }
            }
        }
        return nullptr;
    }

    TransferFn transfer(std::uint8_t endpoint) const {
        const UsbEndpoint* found = findEndpoint(endpoint);
        return found != nullptr && found->type == TransferType::interrupt ? &libusb_interrupt_transfer
                                                                          : &libusb_bulk_transfer;
    }

    std::string kindOf(std::uint8_t endpoint) const {
        const UsbEndpoint* found = findEndpoint(endpoint);
        return found != nullptr && found->type == TransferType::interrupt ? "interrupt" : "bulk";
    }

    std::string controlName(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                            std::uint16_t index) const {
        return "control request " + hex2(requestType) + "/" + hex2(request) + " value " + hex4(value) +
               " index " + hex4(index) + " to " + name();
    }

    std::string name() const { return describeDevice(info_.id, info_.location); }

    std::shared_ptr<Context> context_;
    libusb_device_handle* handle_;
    UsbDeviceInfo info_;
    bool autoDetach_;
    std::set<std::uint8_t> claimed_;
    std::set<std::uint8_t> reattach_;
};

using DeviceKey = std::tuple<std::uint8_t, std::uint8_t, std::uint16_t, std::uint16_t>;

DeviceKey keyOf(const UsbDeviceInfo& info) {
    return {info.location.bus, info.location.address, info.id.vendor, info.id.product};
}

// The device list, released on every path.
struct DeviceList {
    libusb_device** devices = nullptr;
    ssize_t count = 0;
    explicit DeviceList(libusb_context* ctx) { count = libusb_get_device_list(ctx, &devices); }
    ~DeviceList() {
        if (devices != nullptr) {
            libusb_free_device_list(devices, 1);
        }
    }
    DeviceList(const DeviceList&) = delete;
    DeviceList& operator=(const DeviceList&) = delete;
};

}  // namespace

struct LibusbBus::State {
    std::shared_ptr<Context> context;
    LibusbBusOptions options;
    bool nativeHotplug = false;
    libusb_hotplug_callback_handle hotplugHandle{};
    // The event thread. A turn that throws (a watcher, a device that answers nonsense) is logged and the
    // thread goes on a second later; it never ends the thread silently.
    Worker eventWorker{"usb-events", std::chrono::seconds(1), std::chrono::seconds(1)};

    std::mutex mutex;                            // guards everything below except the watchers
    std::map<DeviceKey, UsbDeviceInfo> present;  // as last seen by the event thread
    std::map<DeviceKey, Strings> stringCache;    // strings of devices still plugged in
    std::vector<std::pair<HotplugEvent, libusb_device*>> pending;  // referenced until handled; bounded
    std::size_t droppedHotplug = 0;                                // notices refused when pending was full

    const std::shared_ptr<HotplugWatchers> watchers = HotplugWatchers::create();

    // Full description, strings included (cached per plugged-in device, read with a bounded timeout).
    UsbDeviceInfo describeWithStrings(libusb_device* device) {
        libusb_device_descriptor descriptor{};
        UsbDeviceInfo info = describe(device, &descriptor);
        const DeviceKey key = keyOf(info);
        {
            std::lock_guard lock(mutex);
            if (auto it = stringCache.find(key); it != stringCache.end()) {
                info.manufacturer = it->second.manufacturer;
                info.product = it->second.product;
                info.serial = it->second.serial;
                return info;
            }
        }
        Strings strings;
        if (descriptor.bDeviceClass != LIBUSB_CLASS_HUB &&
            (descriptor.iManufacturer != 0 || descriptor.iProduct != 0 || descriptor.iSerialNumber != 0)) {
            libusb_device_handle* handle = nullptr;
            if (libusb_open(device, &handle) == LIBUSB_SUCCESS) {
                strings = readStrings(handle, descriptor, options.stringDescriptorTimeout);
                libusb_close(handle);
            }
        }
        info.manufacturer = strings.manufacturer;
        info.product = strings.product;
        info.serial = strings.serial;
        std::lock_guard lock(mutex);
        stringCache[key] = std::move(strings);
        return info;
    }

    Expected<std::vector<UsbDeviceInfo>> listAll() {
        DeviceList list(context->ctx);
        if (list.count < 0) {
            return fail(mapError(static_cast<int>(list.count), "listing USB devices"));
        }
        std::vector<UsbDeviceInfo> infos;
        std::set<DeviceKey> keys;
        for (ssize_t i = 0; i < list.count; ++i) {
            infos.push_back(describeWithStrings(list.devices[i]));
            keys.insert(keyOf(infos.back()));
        }
        std::lock_guard lock(mutex);
        std::erase_if(stringCache, [&](const auto& entry) { return keys.count(entry.first) == 0; });
        return infos;
    }

    void handlePending() {
        std::vector<std::pair<HotplugEvent, libusb_device*>> events;
        {
            std::lock_guard lock(mutex);
            events.swap(pending);
        }
        for (auto& [event, device] : events) {
            UsbDeviceInfo info;
            if (event == HotplugEvent::arrived) {
                info = describeWithStrings(device);
                std::lock_guard lock(mutex);
                present[keyOf(info)] = info;
            } else {
                info = describe(device);
                std::lock_guard lock(mutex);
                if (auto it = present.find(keyOf(info)); it != present.end()) {
                    info = it->second;
                    present.erase(it);
                }
                stringCache.erase(keyOf(info));
            }
            libusb_unref_device(device);
            watchers->dispatch(event, info);
        }
    }

    // Without native hotplug: compare a fresh listing with the last one.
    void relist() {
        auto listed = listAll();
        if (!listed) {
            log::warn(kLogComponent, listed.error().describe());
            return;
        }
        std::map<DeviceKey, UsbDeviceInfo> now;
        for (auto& info : *listed) {
            now.emplace(keyOf(info), std::move(info));
        }
        std::vector<std::pair<HotplugEvent, UsbDeviceInfo>> changes;
        {
            std::lock_guard lock(mutex);
            for (const auto& [key, info] : present) {
                if (now.count(key) == 0) {
                    changes.emplace_back(HotplugEvent::left, info);
                }
            }
            for (const auto& [key, info] : now) {
                if (present.count(key) == 0) {
                    changes.emplace_back(HotplugEvent::arrived, info);
                }
            }
            present = std::move(now);
        }
        for (const auto& [event, info] : changes) {
            watchers->dispatch(event, info);
        }
    }

    void run(StopToken& stop) {
        while (!stop.stopRequested()) {
            if (nativeHotplug) {
                timeval tv{0, 200000};
                libusb_handle_events_timeout_completed(context->ctx, &tv, nullptr);
                handlePending();
            } else if (stop.waitFor(options.relistInterval)) {
                relist();
            }
        }
    }
};

namespace {

// libusb calls this from C: nothing may throw out of it. A full queue of notices (a flapping hub) drops the
// newest; the next relisting by the device manager's probes finds the device anyway.
int LIBUSB_CALL onHotplug(libusb_context*, libusb_device* device, libusb_hotplug_event event,
                          void* user) noexcept {
    auto* state = static_cast<LibusbBus::State*>(user);
    try {
        // Only queue here: opening the device to read its strings is done after libusb returns from its
        // handler.
        std::lock_guard lock(state->mutex);
        if (state->pending.size() >= LibusbBus::kMaxPendingHotplug) {
            ++state->droppedHotplug;
            return 0;
        }
        state->pending.emplace_back(
            event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED ? HotplugEvent::arrived : HotplugEvent::left,
            device);
        libusb_ref_device(device);
    } catch (...) {
        // Out of memory or a broken mutex: the notice is lost, never the process.
    }
    return 0;
}

}  // namespace

Expected<std::unique_ptr<LibusbBus>> LibusbBus::create(LibusbBusOptions options) {
    libusb_context* ctx = nullptr;
    const int rc = libusb_init(&ctx);
    if (rc != LIBUSB_SUCCESS) {
        return fail(ErrorCode::unavailable, std::string("initialising libusb: ") + libusb_error_name(rc));
    }
    auto state = std::make_shared<State>();
    state->context = std::make_shared<Context>(ctx);
    state->options = options;

    if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0) {
        const int registered = libusb_hotplug_register_callback(
            ctx,
            static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                              LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
            LIBUSB_HOTPLUG_NO_FLAGS, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            LIBUSB_HOTPLUG_MATCH_ANY, &onHotplug, state.get(), &state->hotplugHandle);
        state->nativeHotplug = registered == LIBUSB_SUCCESS;
        if (!state->nativeHotplug) {
            log::warn(kLogComponent, std::string("hotplug registration failed, re-listing instead: ") +
                                         libusb_error_name(registered));
        }
    }
    // The starting point for re-listing, and the cache of departures' descriptions.
    if (auto initial = state->listAll()) {
        for (auto& info : *initial) {
            state->present.emplace(keyOf(info), std::move(info));
        }
    }
    state->eventWorker.start([raw = state.get()](StopToken& stop) { raw->run(stop); });
    return std::unique_ptr<LibusbBus>(new LibusbBus(std::move(state)));
}

LibusbBus::LibusbBus(std::shared_ptr<State> state) : state_(std::move(state)) {}

LibusbBus::~LibusbBus() {
    state_->eventWorker.requestStop();
    if (state_->nativeHotplug) {
        libusb_hotplug_deregister_callback(state_->context->ctx, state_->hotplugHandle);
        libusb_interrupt_event_handler(state_->context->ctx);
    }
    state_->eventWorker.stop();
    std::lock_guard lock(state_->mutex);
    for (auto& entry : state_->pending) {
        libusb_unref_device(entry.second);
    }
    state_->pending.clear();
}

bool LibusbBus::hasNativeHotplug() const {
    return state_->nativeHotplug;
}

Expected<std::vector<UsbDeviceInfo>> LibusbBus::list() {
    return state_->listAll();
}

Expected<std::unique_ptr<UsbDevice>> LibusbBus::open(const UsbLocation& location) {
    DeviceList list(state_->context->ctx);
    if (list.count < 0) {
        return fail(mapError(static_cast<int>(list.count), "listing USB devices"));
    }
    for (ssize_t i = 0; i < list.count; ++i) {
        libusb_device* device = list.devices[i];
        if (libusb_get_bus_number(device) != location.bus ||
            libusb_get_device_address(device) != location.address) {
            continue;
        }
        libusb_device_descriptor descriptor{};
        UsbDeviceInfo info = describe(device, &descriptor);
        const std::string what = "opening " + describeDevice(info.id, info.location);
        libusb_device_handle* handle = nullptr;
        const int rc = libusb_open(device, &handle);
        if (rc != LIBUSB_SUCCESS) {
            Error error = mapError(rc, what);
            if (rc == LIBUSB_ERROR_NO_DEVICE) {
                error.code = ErrorCode::notFound;
            }
            return fail(std::move(error));
        }
        const Strings strings = readStrings(handle, descriptor, state_->options.stringDescriptorTimeout);
        info.manufacturer = strings.manufacturer;
        info.product = strings.product;
        info.serial = strings.serial;
        const bool autoDetach = libusb_set_auto_detach_kernel_driver(handle, 1) == LIBUSB_SUCCESS;
        return std::unique_ptr<UsbDevice>(
            std::make_unique<LibusbDevice>(state_->context, handle, std::move(info), autoDetach));
    }
    return fail(ErrorCode::notFound, "no USB device at bus " + std::to_string(location.bus) + " address " +
                                         std::to_string(location.address));
}

Expected<std::shared_ptr<void>> LibusbBus::watch(HotplugCallback callback) {
    return state_->watchers->add(std::move(callback));
}

}  // namespace yimen::drivers::usb
