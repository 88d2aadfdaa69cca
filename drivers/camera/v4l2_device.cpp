// The camera seam's small shared parts: pixel format names.
#include "drivers/camera/v4l2_device.h"

namespace yimen::drivers::camera {

std::string fourccName(std::uint32_t code) {
    std::string name;
    for (int shift = 0; shift < 32; shift += 8) {
        const auto c = static_cast<char>((code >> shift) & 0xFF);
        name += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return name;
}

}  // namespace yimen::drivers::camera
