// Reads one card through the real libusb backend: run under umockdev-run with an emulated reader (see
// CMakeLists.txt), it proves the whole stack (LibusbBus, claim, bulk transfers, SAM frames, parsing) end to
// end. Prints "card: <name> <masked number> photo <n> bytes", "no card", or "error: <message>" (exit status
// 1).
#include <cstdio>

#include "common/id_number.h"
#include "drivers/idcard/sam_id_card_reader.h"
#include "drivers/idcard/sam_transport_factory.h"
#include "drivers/usb/libusb_bus.h"

using namespace yimen;
using namespace yimen::drivers;

int main() {
    auto bus = usb::LibusbBus::create();
    if (!bus) {
        std::printf("error: %s\n", bus.error().describe().c_str());
        return 1;
    }
    idcard::SamReaderOptions options;
    options.todayYmd = "20250101";
    idcard::SamIdCardReader reader([&] { return idcard::openUsbSamTransport(**bus, {}); }, options);
    auto read = reader.readCard();
    if (!read) {
        std::printf("error: %s\n", read.error().describe().c_str());
        return 1;
    }
    if (!read->has_value()) {
        std::printf("no card (%s)\n", reader.describe().c_str());
        return 0;
    }
    Identity& id = **read;
    std::printf("card: %s %s photo %zu bytes (%s)\n", id.name.c_str(), maskIdNumber(id.idNumber).c_str(),
                id.photoWlt.size(), reader.describe().c_str());
    id.wipe();
    return 0;
}
