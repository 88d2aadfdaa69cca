// Choosing and setting up an ID-card reader transport from what the USB descriptors say.
#include "drivers/idcard/sam_transport_factory.h"

#include <array>
#include <cstdio>

#include "drivers/idcard/split_usb_sam_transport.h"
#include "drivers/idcard/stream_sam_transport.h"
#include "drivers/idcard/tty_byte_stream.h"
#include "drivers/idcard/usb_byte_stream.h"

namespace yimen::drivers::idcard {
namespace {

constexpr std::array<KnownSamReader, 5> kKnownReaders{{
    {{0x0400, 0xC35A}, std::nullopt, "native-USB SAM reader"},
    {{0x0483, 0x5652}, std::nullopt, "native-USB SAM reader"},
    {{0x1A86, 0x7523}, SerialBridge::ch341, "SAM reader on a CH340 bridge"},
    {{0x10C4, 0xEA60}, SerialBridge::cp210x, "SAM reader on a CP210x bridge"},
    {{0x067B, 0x2303}, SerialBridge::pl2303, "SAM reader on a PL2303 bridge"},
}};

std::string idText(const usb::UsbId& id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", id.vendor, id.product);
    return buf;
}

std::string nameOf(const usb::UsbDeviceInfo& info) {
    return "USB " + idText(info.id) + " at " + std::to_string(info.location.bus) + "-" +
           std::to_string(info.location.address);
}

const usb::UsbEndpoint* findBulk(const usb::UsbInterface& interface, bool in) {
    for (const auto& endpoint : interface.endpoints) {
        if (endpoint.type == usb::TransferType::bulk && endpoint.isIn() == in) {
            return &endpoint;
        }
    }
    return nullptr;
}

bool hasBulk(const usb::UsbInterface& interface, std::uint8_t address) {
    for (const auto& endpoint : interface.endpoints) {
        if (endpoint.address == address && endpoint.type == usb::TransferType::bulk) {
            return true;
        }
    }
    return false;
}

// The interface that carries data: the first (alternate 0) with a bulk endpoint each way.
const usb::UsbInterface* dataInterface(const usb::UsbDeviceInfo& info) {
    for (const auto& interface : info.interfaces) {
        if (interface.alternate == 0 && findBulk(interface, true) != nullptr &&
            findBulk(interface, false) != nullptr) {
            return &interface;
        }
    }
    return nullptr;
}

}  // namespace

std::span<const KnownSamReader> knownSamReaders() {
    return kKnownReaders;
}

std::optional<KnownSamReader> findKnownSamReader(usb::UsbId id) {
    for (const auto& known : kKnownReaders) {
        if (known.id == id) {
            return known;
        }
    }
    return std::nullopt;
}

Expected<std::unique_ptr<SamTransport>> makeUsbSamTransport(std::unique_ptr<usb::UsbDevice> owned,
                                                            const UsbSamOptions& options) {
    std::shared_ptr<usb::UsbDevice> device = std::move(owned);
    const usb::UsbDeviceInfo& info = device->info();
    const std::string name = nameOf(info);
    const usb::UsbInterface* interface = dataInterface(info);
    if (interface == nullptr) {
        return fail(ErrorCode::invalidInput, name + " has no interface with bulk endpoints both ways");
    }
    if (auto claimed = device->claimInterface(interface->number); !claimed) {
        return fail(claimed.error().withContext("ID-card reader " + name));
    }
    const usb::UsbEndpoint* out = findBulk(*interface, false);
    const usb::UsbEndpoint* in = findBulk(*interface, true);

    std::optional<SerialBridge> bridge = options.bridge;
    if (!bridge) {
        if (const auto known = findKnownSamReader(info.id)) {
            bridge = known->bridge;
        }
    }
    if (bridge) {
        if (auto configured = configureSerialBridge(*device, *bridge, interface->number, options.baud,
                                                    options.setupTimeout);
            !configured) {
            return fail(configured.error().withContext("ID-card reader " + name));
        }
        auto stream = std::make_unique<UsbByteStream>(device, out->address, in->address, in->maxPacketSize,
                                                      name + " (" + toString(*bridge) + ")");
        return std::unique_ptr<SamTransport>(std::make_unique<StreamSamTransport>(std::move(stream)));
    }

    const bool splitEndpoints = hasBulk(*interface, 0x02) && hasBulk(*interface, 0x06) &&
                                hasBulk(*interface, 0x81) && hasBulk(*interface, 0x85);
    const bool split = options.layout == UsbSamLayout::split ||
                       (options.layout == UsbSamLayout::automatic && splitEndpoints);
    if (split) {
        SplitEndpoints endpoints;
        endpoints.maxPacketSize = in->maxPacketSize;
        return std::unique_ptr<SamTransport>(
            std::make_unique<SplitUsbSamTransport>(device, endpoints, name + " (split endpoints)"));
    }
    auto stream = std::make_unique<UsbByteStream>(device, out->address, in->address, in->maxPacketSize,
                                                  name + " (single endpoint pair)");
    return std::unique_ptr<SamTransport>(std::make_unique<StreamSamTransport>(std::move(stream)));
}

Expected<std::unique_ptr<SamTransport>> openUsbSamTransport(usb::UsbBus& bus, const UsbSamOptions& options) {
    auto devices = bus.list();
    if (!devices) {
        return fail(devices.error());
    }
    for (const auto& info : *devices) {
        const bool wanted =
            options.device ? info.id == *options.device : findKnownSamReader(info.id).has_value();
        if (!wanted) {
            continue;
        }
        auto device = bus.open(info.location);
        if (!device) {
            return fail(device.error().withContext("ID-card reader " + nameOf(info)));
        }
        return makeUsbSamTransport(std::move(*device), options);
    }
    return fail(ErrorCode::notFound, options.device
                                         ? "no ID-card reader " + idText(*options.device) + " on USB"
                                         : "no known ID-card reader on USB");
}

Expected<std::unique_ptr<SamTransport>> openTtySamTransport(const std::string& path, std::uint32_t baud) {
    auto stream = TtyByteStream::open(path, baud);
    if (!stream) {
        return fail(stream.error().withContext("ID-card reader"));
    }
    return std::unique_ptr<SamTransport>(std::make_unique<StreamSamTransport>(std::move(*stream)));
}

}  // namespace yimen::drivers::idcard
