// The kernel V4L2 backend: ioctls with EINTR retries, memory-mapped buffers, poll with a timeout.
#include "drivers/camera/linux_v4l2_device.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "drivers/usb/libusb_bus.h"

namespace yimen::drivers::camera {
namespace {

// A driver that lists more formats or sizes than this is broken; the lists stop there.
constexpr std::uint32_t kMaxEnumerated = 256;

int xioctl(int fd, unsigned long request, void* arg) {
    int result = 0;
    do {
        result = ::ioctl(fd, request, arg);
    } while (result == -1 && errno == EINTR);
    return result;
}

std::string cString(const __u8* text, std::size_t capacity) {
    const auto* begin = reinterpret_cast<const char*>(text);
    return std::string(begin, strnlen(begin, capacity));
}

Error openError(int err, const std::string& path) {
    switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO: return {ErrorCode::notFound, "no camera at " + path};
    case EACCES:
    case EPERM:
        return {ErrorCode::conflict, "no permission to open " + path + " (check the udev rule " +
                                         usb::kUdevRulesFile + " and the video group)"};
    case EBUSY: return {ErrorCode::conflict, path + " is in use by another program"};
    default: return {ErrorCode::io, "opening " + path + ": " + errnoText(err)};
    }
}

// Only the buffer fields the kernel reads: the rest zeroed.
v4l2_buffer mmapBuffer(std::uint32_t index) {
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    buffer.index = index;
    return buffer;
}

}  // namespace

Expected<std::unique_ptr<LinuxV4l2Device>> LinuxV4l2Device::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return fail(openError(errno, path));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISCHR(info.st_mode)) {
        ::close(fd);
        return fail(ErrorCode::invalidInput, path + " is not a device node");
    }
    std::unique_ptr<LinuxV4l2Device> device(new LinuxV4l2Device(fd, path));
    // A node that does not answer QUERYCAP is not V4L2 (a tty, /dev/null); say so now rather than at the
    // first format request.
    if (auto caps = device->queryCapability(); !caps) {
        return fail(caps.error());
    }
    return device;
}

V4l2Opener LinuxV4l2Device::openerFor(std::string path) {
    return [path = std::move(path)]() -> Expected<std::unique_ptr<V4l2Device>> {
        auto opened = open(path);
        if (!opened) {
            return fail(opened.error());
        }
        return std::unique_ptr<V4l2Device>(std::move(*opened));
    };
}

std::vector<std::string> LinuxV4l2Device::captureNodes(const std::string& devDir) {
    std::vector<std::pair<long, std::string>> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(devDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("video", 0) != 0 || name.size() == 5 ||
            !std::all_of(name.begin() + 5, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        auto device = open(entry.path().string());
        if (!device) {
            continue;
        }
        auto caps = (*device)->queryCapability();
        if (caps && caps->videoCapture && caps->streaming) {
            found.emplace_back(std::stol(name.substr(5)), entry.path().string());
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> nodes;
    for (auto& [number, path] : found) {
        nodes.push_back(std::move(path));
    }
    return nodes;
}

V4l2Opener LinuxV4l2Device::firstCaptureNodeOpener(std::string devDir) {
    return [devDir = std::move(devDir)]() -> Expected<std::unique_ptr<V4l2Device>> {
        const auto nodes = captureNodes(devDir);
        if (nodes.empty()) {
            return fail(ErrorCode::notFound, "no video capture device under " + devDir);
        }
        auto opened = open(nodes.front());
        if (!opened) {
            return fail(opened.error());
        }
        return std::unique_ptr<V4l2Device>(std::move(*opened));
    };
}

LinuxV4l2Device::LinuxV4l2Device(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

LinuxV4l2Device::~LinuxV4l2Device() {
    if (streaming_) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(fd_, VIDIOC_STREAMOFF, &type);
    }
    unmapAll();
    ::close(fd_);
}

Error LinuxV4l2Device::errnoError(int err, const std::string& what) const {
    const std::string detail = what + " on " + path_ + ": " + errnoText(err);
    switch (err) {
    case ENODEV:
    case ENXIO: return {ErrorCode::unavailable, what + ": camera unplugged (" + path_ + ")"};
    case EBUSY: return {ErrorCode::conflict, detail + " (in use by another program)"};
    case EACCES:
    case EPERM:
        return {ErrorCode::conflict,
                detail + " (check the udev rule " + std::string(usb::kUdevRulesFile) + ")"};
    case EINVAL:
    case ENOTTY: return {ErrorCode::invalidInput, detail};
    case ENOENT: return {ErrorCode::notFound, detail};
    default: return {ErrorCode::io, detail};
    }
}

void LinuxV4l2Device::unmapAll() {
    for (const Mapping& mapping : mappings_) {
        if (mapping.address != nullptr) {
            ::munmap(mapping.address, mapping.length);
        }
    }
    mappings_.clear();
}

Expected<V4l2Capability> LinuxV4l2Device::queryCapability() {
    v4l2_capability caps{};
    if (xioctl(fd_, VIDIOC_QUERYCAP, &caps) != 0) {
        const int err = errno;
        if (err == ENOTTY || err == EINVAL) {
            return fail(ErrorCode::invalidInput, path_ + " is not a V4L2 device");
        }
        return fail(errnoError(err, "VIDIOC_QUERYCAP"));
    }
    // device_caps describes this node; capabilities the whole physical device (which may have other nodes).
    const __u32 flags =
        (caps.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? caps.device_caps : caps.capabilities;
    V4l2Capability out;
    out.driver = cString(caps.driver, sizeof caps.driver);
    out.card = cString(caps.card, sizeof caps.card);
    out.busInfo = cString(caps.bus_info, sizeof caps.bus_info);
    out.videoCapture = (flags & V4L2_CAP_VIDEO_CAPTURE) != 0;
    out.streaming = (flags & V4L2_CAP_STREAMING) != 0;
    return out;
}

Expected<std::vector<V4l2PixelFormat>> LinuxV4l2Device::pixelFormats() {
    std::vector<V4l2PixelFormat> formats;
    for (std::uint32_t index = 0; index < kMaxEnumerated; ++index) {
        v4l2_fmtdesc desc{};
        desc.index = index;
        desc.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(fd_, VIDIOC_ENUM_FMT, &desc) != 0) {
            if (errno == EINVAL) {
                break;  // the end of the list
            }
            return fail(errnoError(errno, "VIDIOC_ENUM_FMT"));
        }
        formats.push_back({desc.pixelformat, cString(desc.description, sizeof desc.description),
                           (desc.flags & V4L2_FMT_FLAG_COMPRESSED) != 0});
    }
    return formats;
}

Expected<std::vector<V4l2FrameSize>> LinuxV4l2Device::frameSizes(std::uint32_t code) {
    std::vector<V4l2FrameSize> sizes;
    for (std::uint32_t index = 0; index < kMaxEnumerated; ++index) {
        v4l2_frmsizeenum size{};
        size.index = index;
        size.pixel_format = code;
        if (xioctl(fd_, VIDIOC_ENUM_FRAMESIZES, &size) != 0) {
            if (errno == EINVAL || errno == ENOTTY) {
                break;  // the end of the list, or a driver that does not enumerate sizes
            }
            return fail(errnoError(errno, "VIDIOC_ENUM_FRAMESIZES"));
        }
        if (size.type != V4L2_FRMSIZE_TYPE_DISCRETE) {
            return std::vector<V4l2FrameSize>{};  // a range: setFormat picks the nearest size
        }
        sizes.push_back({size.discrete.width, size.discrete.height});
    }
    return sizes;
}

Expected<V4l2Format> LinuxV4l2Device::setFormat(const V4l2Format& wanted) {
    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    format.fmt.pix.width = wanted.width;
    format.fmt.pix.height = wanted.height;
    format.fmt.pix.pixelformat = wanted.code;
    format.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(fd_, VIDIOC_S_FMT, &format) != 0) {
        return fail(errnoError(errno, "VIDIOC_S_FMT " + fourccName(wanted.code)));
    }
    return V4l2Format{format.fmt.pix.pixelformat, format.fmt.pix.width, format.fmt.pix.height,
                      format.fmt.pix.bytesperline, format.fmt.pix.sizeimage};
}

Expected<std::uint32_t> LinuxV4l2Device::requestBuffers(std::uint32_t count) {
    // The driver refuses new buffers while old ones are mapped.
    unmapAll();
    v4l2_requestbuffers request{};
    request.count = count;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_REQBUFS, &request) != 0) {
        return fail(errnoError(errno, "VIDIOC_REQBUFS"));
    }
    mappings_.assign(request.count, Mapping{});
    return request.count;
}

Expected<std::span<const std::uint8_t>> LinuxV4l2Device::mapBuffer(std::uint32_t index) {
    if (index >= mappings_.size()) {
        return fail(ErrorCode::invalidInput, "buffer " + std::to_string(index) + " was not requested");
    }
    Mapping& mapping = mappings_[index];
    if (mapping.address == nullptr) {
        v4l2_buffer buffer = mmapBuffer(index);
        if (xioctl(fd_, VIDIOC_QUERYBUF, &buffer) != 0) {
            return fail(errnoError(errno, "VIDIOC_QUERYBUF"));
        }
        void* address =
            ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buffer.m.offset);
        if (address == MAP_FAILED) {
            return fail(errnoError(errno, "mmap of buffer " + std::to_string(index)));
        }
        mapping = {address, buffer.length};
    }
    return std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(mapping.address), mapping.length);
}

Status LinuxV4l2Device::queueBuffer(std::uint32_t index) {
    v4l2_buffer buffer = mmapBuffer(index);
    if (xioctl(fd_, VIDIOC_QBUF, &buffer) != 0) {
        return fail(errnoError(errno, "VIDIOC_QBUF"));
    }
    return {};
}

Expected<std::optional<V4l2Buffer>> LinuxV4l2Device::dequeueBuffer() {
    v4l2_buffer buffer = mmapBuffer(0);
    if (xioctl(fd_, VIDIOC_DQBUF, &buffer) != 0) {
        if (errno == EAGAIN) {
            return std::optional<V4l2Buffer>{};
        }
        return fail(errnoError(errno, "VIDIOC_DQBUF"));
    }
    return std::optional<V4l2Buffer>{V4l2Buffer{buffer.index, buffer.bytesused, buffer.sequence,
                                                (buffer.flags & V4L2_BUF_FLAG_ERROR) != 0}};
}

Status LinuxV4l2Device::streamOn() {
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) {
        return fail(errnoError(errno, "VIDIOC_STREAMON"));
    }
    streaming_ = true;
    return {};
}

Status LinuxV4l2Device::streamOff() {
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    streaming_ = false;
    if (xioctl(fd_, VIDIOC_STREAMOFF, &type) != 0) {
        return fail(errnoError(errno, "VIDIOC_STREAMOFF"));
    }
    return {};
}

Expected<bool> LinuxV4l2Device::waitReadable(Timeout timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd entry{fd_, POLLIN, 0};
        const int ready = ::poll(&entry, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(errnoError(errno, "poll"));
        }
        if (ready == 0) {
            return false;
        }
        // An unregistered (unplugged) node reports POLLHUP; POLLERR alone means nothing is queued or the
        // stream stopped.
        if ((entry.revents & (POLLHUP | POLLNVAL)) != 0) {
            return fail(ErrorCode::unavailable, "camera unplugged (" + path_ + ")");
        }
        if ((entry.revents & POLLIN) != 0) {
            return true;
        }
        return fail(ErrorCode::io,
                    "poll on " + path_ + " reports an error (no buffer queued or not streaming)");
    }
}

}  // namespace yimen::drivers::camera
