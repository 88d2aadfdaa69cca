// libFuzzer target: the device configuration parser on arbitrary text, for every device kind. Whatever parses
// must format and parse back to the same spec; whatever is refused must say so without echoing control
// characters or unbounded input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "drivers/config/device_spec.h"

using namespace yimen::drivers::config;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const DeviceKind kind : allDeviceKinds()) {
        auto spec = parseDeviceSpec(kind, text);
        if (spec) {
            check(spec->kind == kind);
            auto again = parseDeviceSpec(kind, formatDeviceSpec(*spec));
            check(again.hasValue() && *again == *spec);
            continue;
        }
        const std::string& message = spec.error().message;
        check(spec.error().code == yimen::ErrorCode::invalidInput);
        check(message.size() < 1024);
        for (const char c : message) {
            check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
        }
    }
    return 0;
}
