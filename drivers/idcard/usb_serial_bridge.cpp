// Vendor control requests for CH34x, CP210x and PL2303 bridges, from the facts of the Linux serial drivers.
#include "drivers/idcard/usb_serial_bridge.h"

#include <array>
#include <cstdio>

namespace yimen::drivers::idcard {
namespace {

// bmRequestType values.
constexpr std::uint8_t kVendorOutDevice = 0x40;
constexpr std::uint8_t kVendorInDevice = 0xC0;
constexpr std::uint8_t kVendorOutInterface = 0x41;
constexpr std::uint8_t kClassOutInterface = 0x21;

namespace ch341 {
constexpr std::uint8_t kReadVersion = 0x5F;
constexpr std::uint8_t kWriteReg = 0x9A;
constexpr std::uint8_t kSerialInit = 0xA1;
constexpr std::uint8_t kModemCtrl = 0xA4;
constexpr std::uint16_t kRegPrescaler = 0x12;
constexpr std::uint16_t kRegDivisor = 0x13;
constexpr std::uint16_t kRegLcr = 0x18;
constexpr std::uint16_t kRegLcr2 = 0x25;
constexpr std::uint16_t kLcrEnableRx = 0x80;
constexpr std::uint16_t kLcrEnableTx = 0x40;
constexpr std::uint16_t kLcrCs8 = 0x03;
constexpr std::uint16_t kBitDtr = 1 << 5;
constexpr std::uint16_t kBitRts = 1 << 6;
constexpr std::uint16_t kNoBuffering = 1 << 7;
constexpr std::uint32_t kClockRate = 48000000;
constexpr std::uint32_t kMinBps = 1 + (kClockRate - 1) / ((1u << 12) * 256);  // 46
constexpr std::uint32_t kMaxBps = 3000000;
constexpr std::uint32_t clockDivider(int ps, int fact) {
    return 1u << (12 - 3 * ps - fact);
}
constexpr std::uint32_t minRate(int ps) {
    return kClockRate / (clockDivider(ps, 1) * 512);
}
}  // namespace ch341

namespace cp210x {
constexpr std::uint8_t kIfcEnable = 0x00;
constexpr std::uint8_t kSetLineCtl = 0x03;
constexpr std::uint8_t kSetMhs = 0x07;
constexpr std::uint8_t kSetBaudrate = 0x1E;
constexpr std::uint16_t kUartEnable = 0x0001;
constexpr std::uint16_t kBitsData8 = 0x0800;
constexpr std::uint16_t kControlDtr = 0x0001;
constexpr std::uint16_t kControlRts = 0x0002;
constexpr std::uint16_t kWriteDtr = 0x0100;
constexpr std::uint16_t kWriteRts = 0x0200;
}  // namespace cp210x

namespace pl2303 {
constexpr std::uint8_t kVendorRequest = 0x01;
constexpr std::uint8_t kSetLineRequest = 0x20;
constexpr std::uint8_t kSetControlRequest = 0x22;
constexpr std::uint16_t kControlDtr = 0x01;
constexpr std::uint16_t kControlRts = 0x02;
struct VendorStep {
    bool read;
    std::uint16_t value;
    std::uint16_t index;
};
constexpr VendorStep kStartup[] = {
    {true, 0x8484, 0},  {false, 0x0404, 0}, {true, 0x8484, 0}, {true, 0x8383, 0}, {true, 0x8484, 0},
    {false, 0x0404, 1}, {true, 0x8484, 0},  {true, 0x8383, 0}, {false, 0, 1},     {false, 1, 0},
    {false, 2, 0x44},   {false, 8, 0},      {false, 9, 0},
};
}  // namespace pl2303

std::string hex(unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02x", value);
    return buf;
}

class Requests {
public:
    Requests(usb::UsbDevice& device, usb::Timeout timeout, const char* chip)
        : device_(device), timeout_(timeout), chip_(chip) {}

    Status out(std::uint8_t type, std::uint8_t request, std::uint16_t value, std::uint16_t index,
               std::span<const std::uint8_t> data = {}) {
        auto done = device_.controlOut(type, request, value, index, data, timeout_);
        if (!done) {
            return fail(done.error().withContext(step(request, value)));
        }
        return {};
    }

    Expected<std::vector<std::uint8_t>> in(std::uint8_t type, std::uint8_t request, std::uint16_t value,
                                           std::uint16_t index, std::uint16_t length) {
        auto got = device_.controlIn(type, request, value, index, length, timeout_);
        if (!got) {
            return fail(got.error().withContext(step(request, value)));
        }
        if (got->size() < length) {
            return fail(ErrorCode::invalidInput, step(request, value) + ": " + std::to_string(got->size()) +
                                                     " of " + std::to_string(length) + " bytes came back");
        }
        return got;
    }

private:
    std::string step(std::uint8_t request, std::uint16_t value) const {
        return std::string("setting up the ") + chip_ + " bridge: request " + hex(request) + " value " +
               hex(value);
    }

    usb::UsbDevice& device_;
    usb::Timeout timeout_;
    const char* chip_;
};

Status configureCh341(usb::UsbDevice& device, std::uint32_t baud, usb::Timeout timeout) {
    const auto divisor = ch341Divisor(baud);
    if (!divisor) {
        return fail(ErrorCode::invalidInput, "a CH341 cannot run at " + std::to_string(baud) + " bit/s");
    }
    Requests r(device, timeout, "CH341");
    auto version = r.in(kVendorInDevice, ch341::kReadVersion, 0, 0, 2);
    if (!version) {
        return fail(version.error());
    }
    const std::uint8_t chipVersion = (*version)[0];
    if (auto ok = r.out(kVendorOutDevice, ch341::kSerialInit, 0, 0); !ok) {
        return ok;
    }
    const std::uint16_t flag = chipVersion > 0x27 ? ch341::kNoBuffering : 0;
    if (auto ok = r.out(kVendorOutDevice, ch341::kWriteReg, ch341::kRegDivisor << 8 | ch341::kRegPrescaler,
                        static_cast<std::uint16_t>(*divisor | flag));
        !ok) {
        return ok;
    }
    if (chipVersion >= 0x30) {
        if (auto ok = r.out(kVendorOutDevice, ch341::kWriteReg, ch341::kRegLcr2 << 8 | ch341::kRegLcr,
                            ch341::kLcrEnableRx | ch341::kLcrEnableTx | ch341::kLcrCs8);
            !ok) {
            return ok;
        }
    }
    // The modem-control lines are active low on the wire of this request.
    return r.out(kVendorOutDevice, ch341::kModemCtrl,
                 static_cast<std::uint16_t>(~(ch341::kBitDtr | ch341::kBitRts)), 0);
}

Status configureCp210x(usb::UsbDevice& device, std::uint8_t interfaceNumber, std::uint32_t baud,
                       usb::Timeout timeout) {
    Requests r(device, timeout, "CP210x");
    if (auto ok = r.out(kVendorOutInterface, cp210x::kIfcEnable, cp210x::kUartEnable, interfaceNumber); !ok) {
        return ok;
    }
    const std::array<std::uint8_t, 4> rate{
        static_cast<std::uint8_t>(baud & 0xFF), static_cast<std::uint8_t>((baud >> 8) & 0xFF),
        static_cast<std::uint8_t>((baud >> 16) & 0xFF), static_cast<std::uint8_t>((baud >> 24) & 0xFF)};
    if (auto ok = r.out(kVendorOutInterface, cp210x::kSetBaudrate, 0, interfaceNumber, rate); !ok) {
        return ok;
    }
    if (auto ok = r.out(kVendorOutInterface, cp210x::kSetLineCtl, cp210x::kBitsData8, interfaceNumber); !ok) {
        return ok;
    }
    return r.out(kVendorOutInterface, cp210x::kSetMhs,
                 cp210x::kControlDtr | cp210x::kControlRts | cp210x::kWriteDtr | cp210x::kWriteRts,
                 interfaceNumber);
}

Status configurePl2303(usb::UsbDevice& device, std::uint8_t interfaceNumber, std::uint32_t baud,
                       usb::Timeout timeout) {
    Requests r(device, timeout, "PL2303");
    auto vendorRead = [&](std::uint16_t value) -> Status {
        auto got = r.in(kVendorInDevice, pl2303::kVendorRequest, value, 0, 1);
        return got ? Status{} : Status{got.error()};
    };
    auto vendorWrite = [&](std::uint16_t value, std::uint16_t index) {
        return r.out(kVendorOutDevice, pl2303::kVendorRequest, value, index);
    };
    // The start-up sequence of the Linux driver for HX-family chips, then the two pipe resets it does on
    // open.
    for (const pl2303::VendorStep& step : pl2303::kStartup) {
        if (auto ok = step.read ? vendorRead(step.value) : vendorWrite(step.value, step.index); !ok) {
            return ok;
        }
    }
    // CDC line coding: rate (LE32), stop bits 0 = 1, parity 0 = none, 8 data bits.
    const std::array<std::uint8_t, 7> lineCoding{static_cast<std::uint8_t>(baud & 0xFF),
                                                 static_cast<std::uint8_t>((baud >> 8) & 0xFF),
                                                 static_cast<std::uint8_t>((baud >> 16) & 0xFF),
                                                 static_cast<std::uint8_t>((baud >> 24) & 0xFF),
                                                 0,
                                                 0,
                                                 8};
    if (auto ok = r.out(kClassOutInterface, pl2303::kSetLineRequest, 0, interfaceNumber, lineCoding); !ok) {
        return ok;
    }
    return r.out(kClassOutInterface, pl2303::kSetControlRequest, pl2303::kControlDtr | pl2303::kControlRts,
                 interfaceNumber);
}

}  // namespace

const char* toString(SerialBridge bridge) {
    switch (bridge) {
    case SerialBridge::ch341: return "CH340/CH341";
    case SerialBridge::cp210x: return "CP210x";
    case SerialBridge::pl2303: return "PL2303";
    }
    return "serial bridge";
}

std::optional<std::uint16_t> ch341Divisor(std::uint32_t baud) {
    using namespace ch341;
    if (baud < kMinBps || baud > kMaxBps) {
        return std::nullopt;
    }
    int ps = 3;
    for (; ps >= 0; --ps) {
        if (baud > minRate(ps)) {
            break;
        }
    }
    if (ps < 0) {
        return std::nullopt;
    }
    unsigned fact = 1;
    std::uint32_t clkDiv = clockDivider(ps, 1);
    std::uint32_t div = kClockRate / (clkDiv * baud);
    if (div < 9 || div > 255) {
        div /= 2;
        clkDiv *= 2;
        fact = 0;
    }
    if (div < 2) {
        return std::nullopt;
    }
    // The next divisor when its rate is nearer; scaled by 16 so low rates round correctly.
    if (16 * kClockRate / (clkDiv * div) - 16 * baud >= 16 * baud - 16 * kClockRate / (clkDiv * (div + 1))) {
        ++div;
    }
    // An even divisor works at the lower base clock, which some chips need.
    if (fact == 1 && div % 2 == 0) {
        div /= 2;
        fact = 0;
    }
    return static_cast<std::uint16_t>((0x100 - div) << 8 | fact << 2 | static_cast<unsigned>(ps));
}

Status configureSerialBridge(usb::UsbDevice& device, SerialBridge bridge, std::uint8_t interfaceNumber,
                             std::uint32_t baud, usb::Timeout timeout) {
    switch (bridge) {
    case SerialBridge::ch341: return configureCh341(device, baud, timeout);
    case SerialBridge::cp210x: return configureCp210x(device, interfaceNumber, baud, timeout);
    case SerialBridge::pl2303: return configurePl2303(device, interfaceNumber, baud, timeout);
    }
    return fail(ErrorCode::internal, "unknown serial bridge");
}

}  // namespace yimen::drivers::idcard
