// SimHidPosLink and its UsbDevice: scanned codes as HID POS input reports on an interrupt endpoint.
#include "drivers/sim/sim_hid_pos_device.h"

#include <algorithm>

namespace yimen::drivers::sim {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kReportId = 0x02;
constexpr std::uint8_t kInterruptIn = 0x81;
constexpr std::uint8_t kStandardInterfaceIn = 0x81;
constexpr std::uint8_t kGetDescriptor = 0x06;
constexpr std::uint16_t kReportDescriptor = 0x2200;

class SimHidPosDevice final : public usb::UsbDevice {
public:
    explicit SimHidPosDevice(SimHidPosLink& link) : link_(link) {
        info_.id = {0x1eab, 0x1d06};  // a 2D desk scanner's ids, for the logs
        info_.product = "simulated QR scanner (HID POS)";
        usb::UsbInterface hid;
        hid.number = 0;
        hid.interfaceClass = 3;
        hid.endpoints.push_back({kInterruptIn, usb::TransferType::interrupt, 64});
        info_.interfaces.push_back(hid);
    }

    const usb::UsbDeviceInfo& info() const override { return info_; }
    Status claimInterface(std::uint8_t number) override { return checkInterface(number); }
    Status releaseInterface(std::uint8_t number) override { return checkInterface(number); }

    Expected<std::size_t> write(std::uint8_t endpoint, std::span<const std::uint8_t>, usb::Timeout) override {
        return fail(ErrorCode::device, "the scanner has no OUT endpoint " + std::to_string(endpoint));
    }

    Expected<Bytes> read(std::uint8_t endpoint, std::size_t maxLength, usb::Timeout timeout) override {
        if (endpoint != kInterruptIn)
            return fail(ErrorCode::device, "the scanner has no IN endpoint " + std::to_string(endpoint));
        auto report = link_.nextReport(timeout);
        if (report && report->size() > maxLength)
            report->resize(maxLength);
        return report;
    }

    Expected<std::size_t> controlOut(std::uint8_t, std::uint8_t, std::uint16_t, std::uint16_t,
                                     std::span<const std::uint8_t> data, usb::Timeout) override {
        return data.size();  // SET_IDLE, SET_PROTOCOL: accepted
    }

    Expected<Bytes> controlIn(std::uint8_t requestType, std::uint8_t request, std::uint16_t value,
                              std::uint16_t index, std::uint16_t length, usb::Timeout) override {
        if (requestType != kStandardInterfaceIn || request != kGetDescriptor || value != kReportDescriptor ||
            index != 0)
            return fail(ErrorCode::device, "the scanner stalls an unknown control request");
        const Bytes& descriptor = simHidPosReportDescriptor();
        return Bytes(descriptor.begin(),
                     descriptor.begin() +
                         std::min<std::ptrdiff_t>(length, static_cast<std::ptrdiff_t>(descriptor.size())));
    }

    Status clearHalt(std::uint8_t) override { return {}; }

private:
    Status checkInterface(std::uint8_t number) const {
        if (number != 0)
            return fail(ErrorCode::notFound, "the scanner has no interface " + std::to_string(number));
        return {};
    }

    SimHidPosLink& link_;
    usb::UsbDeviceInfo info_;
};

}  // namespace

const std::vector<std::uint8_t>& simHidPosReportDescriptor() {
    static const Bytes descriptor = {
        0x05, 0x8C,      0x09, 0x02, 0xA1, 0x01,              // Bar Code Scanner, Application
        0x09, 0x12,      0xA1, 0x02,                          // Scanned Data Report, Logical
        0x85, kReportId,                                      // Report ID 2
        0x15, 0x00,      0x26, 0xFF, 0x00, 0x75, 0x08,        // 0..255, 8 bits
        0x95, 0x01,      0x05, 0x01, 0x09, 0x3B, 0x81, 0x02,  // Byte Count
        0x95, 0x03,      0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x81,
        0x02,                                                                   // Symbology Identifier 1-3
        0x95, 0x38,      0x09, 0xFE, 0x82, 0x02, 0x01,                          // 56 Decoded Data (buffered)
        0x06, 0x66,      0xFF, 0x95, 0x02, 0x09, 0x04, 0x09, 0x05, 0x81, 0x02,  // 2 vendor bytes
        0x05, 0x8C,      0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x09, 0xFF, 0x81,
        0x02,                         // Decode Data Continued
        0x75, 0x07,      0x81, 0x01,  // padding
        0xC0, 0xC0};
    return descriptor;
}

std::vector<std::vector<std::uint8_t>> hidPosReportsFor(const std::string& code) {
    std::vector<Bytes> reports;
    for (std::size_t at = 0; at < code.size(); at += kHidPosDataBytes) {
        const std::size_t n = std::min(kHidPosDataBytes, code.size() - at);
        Bytes r(kHidPosReportBytes, 0);
        r[0] = kReportId;
        r[1] = static_cast<std::uint8_t>(n);
        r[2] = ']';
        r[3] = 'Q';
        r[4] = '1';
        std::copy_n(code.begin() + static_cast<std::ptrdiff_t>(at), n, r.begin() + 5);
        r[kHidPosReportBytes - 1] = at + n < code.size() ? 0x01 : 0x00;
        reports.push_back(std::move(r));
    }
    return reports;
}

void SimHidPosLink::scan(const std::string& code, std::size_t maxCodes) {
    auto reports = hidPosReportsFor(code);
    if (reports.empty())
        return;
    {
        std::lock_guard lock(mutex_);
        while (!codes_.empty() && codes_.size() >= maxCodes) codes_.pop_front();
        codes_.emplace_back(std::make_move_iterator(reports.begin()), std::make_move_iterator(reports.end()));
    }
    arrived_.notify_all();
}

std::size_t SimHidPosLink::pendingCodes() const {
    std::lock_guard lock(mutex_);
    return codes_.size();
}

Expected<std::vector<std::uint8_t>> SimHidPosLink::nextReport(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [this] { return !codes_.empty(); }))
        return fail(ErrorCode::timeout, "no report from the simulated scanner");
    Bytes report = std::move(codes_.front().front());
    codes_.front().pop_front();
    if (codes_.front().empty())
        codes_.pop_front();
    return report;
}

std::unique_ptr<usb::UsbDevice> SimHidPosLink::openDevice() {
    return std::make_unique<SimHidPosDevice>(*this);
}

}  // namespace yimen::drivers::sim
