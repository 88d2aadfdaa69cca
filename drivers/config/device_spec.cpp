// The device configuration parser: scheme, then the scheme's argument, each checked with a message that says
// what was expected.
#include "drivers/config/device_spec.h"

#include <array>
#include <cstdio>

namespace yimen::drivers::config {
namespace {

constexpr std::array kKinds{DeviceKind::cardReader, DeviceKind::receiptPrinter, DeviceKind::scanner,
                            DeviceKind::camera};
constexpr std::size_t kMaxPath = 255;
constexpr std::size_t kMaxQuoted = 64;

bool accepts(DeviceKind kind, Backend backend) {
    switch (backend) {
    case Backend::automatic:
    case Backend::sim: return true;
    case Backend::usb: return kind != DeviceKind::camera;
    case Backend::tty: return kind == DeviceKind::cardReader;
    case Backend::v4l2: return kind == DeviceKind::camera || kind == DeviceKind::scanner;
    }
    return false;
}

std::string_view trim(std::string_view text) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isSpace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// The value as the user wrote it, shortened, with anything unprintable escaped.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (text.size() > kMaxQuoted) {
        out += "…";
    }
    return out + "\"";
}

Error invalid(DeviceKind kind, std::string_view text, const std::string& why) {
    return {ErrorCode::invalidInput, std::string("devices.") + toString(kind) + " = " + quoted(text) + ": " +
                                         why + " (accepted: " + acceptedBackends(kind) + ")"};
}

std::optional<std::uint16_t> parseHex16(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
    }
    if (text.empty() || text.size() > 4) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (const char c : text) {
        unsigned digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            digit = static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        value = value * 16 + digit;
    }
    return static_cast<std::uint16_t>(value);
}

std::optional<std::string> pathProblem(std::string_view path) {
    if (path.empty()) {
        return "the path is missing";
    }
    if (path.front() != '/') {
        return "the path must be absolute";
    }
    if (path.size() > kMaxPath) {
        return "the path is longer than " + std::to_string(kMaxPath) + " bytes";
    }
    for (const char c : path) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            return std::string("the path contains a control character");
        }
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        if (path.substr(start, end - start) == "..") {
            return std::string("the path must not contain \"..\"");
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::string hex4(std::uint16_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04x", value);
    return buf;
}

}  // namespace

const char* toString(DeviceKind kind) {
    switch (kind) {
    case DeviceKind::cardReader: return "cardReader";
    case DeviceKind::receiptPrinter: return "receiptPrinter";
    case DeviceKind::scanner: return "scanner";
    case DeviceKind::camera: return "camera";
    }
    return "unknown";
}

std::span<const DeviceKind> allDeviceKinds() {
    return kKinds;
}

std::optional<DeviceKind> deviceKindNamed(std::string_view name) {
    for (const DeviceKind kind : kKinds) {
        if (name == toString(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

const char* toString(Backend backend) {
    switch (backend) {
    case Backend::automatic: return "auto";
    case Backend::usb: return "usb";
    case Backend::tty: return "tty";
    case Backend::v4l2: return "v4l2";
    case Backend::sim: return "sim";
    }
    return "unknown";
}

std::string acceptedBackends(DeviceKind kind) {
    std::string out;
    const auto add = [&](Backend backend, const char* text) {
        if (accepts(kind, backend)) {
            out += (out.empty() ? "" : ", ") + std::string(text);
        }
    };
    add(Backend::automatic, "auto");
    add(Backend::usb, "usb:VID:PID");
    add(Backend::tty, "tty:/dev/…");
    add(Backend::v4l2, "v4l2:/dev/video…");
    add(Backend::sim, "sim");
    return out;
}

Expected<DeviceSpec> parseDeviceSpec(DeviceKind kind, std::string_view text) {
    const std::string_view value = trim(text);
    if (value.empty()) {
        return fail(invalid(kind, text, "no backend given"));
    }
    const std::size_t colon = value.find(':');
    const std::string scheme = lower(value.substr(0, colon));
    const std::string_view argument =
        colon == std::string_view::npos ? std::string_view{} : value.substr(colon + 1);

    DeviceSpec spec;
    spec.kind = kind;
    if (scheme == "auto" || scheme == "sim") {
        if (colon != std::string_view::npos) {
            return fail(invalid(kind, text, "\"" + scheme + "\" takes no argument"));
        }
        spec.backend = scheme == "auto" ? Backend::automatic : Backend::sim;
    } else if (scheme == "usb") {
        spec.backend = Backend::usb;
        const std::size_t split = argument.find(':');
        if (colon == std::string_view::npos || split == std::string_view::npos) {
            return fail(invalid(kind, text, "usb needs a vendor and a product id, as usb:1a86:7523"));
        }
        const auto vendor = parseHex16(argument.substr(0, split));
        const auto product = parseHex16(argument.substr(split + 1));
        if (!vendor || !product) {
            return fail(invalid(kind, text, "the vendor and product ids are 1 to 4 hex digits each"));
        }
        if (*vendor == 0) {
            return fail(invalid(kind, text, "vendor id 0000 belongs to no device"));
        }
        spec.usbId = {*vendor, *product};
    } else if (scheme == "tty" || scheme == "v4l2") {
        spec.backend = scheme == "tty" ? Backend::tty : Backend::v4l2;
        if (auto problem = pathProblem(argument)) {
            return fail(invalid(kind, text, *problem));
        }
        spec.path = std::string(argument);
    } else {
        return fail(invalid(kind, text, "unknown backend " + quoted(value.substr(0, colon))));
    }
    if (!accepts(kind, spec.backend)) {
        return fail(invalid(kind, text,
                            std::string("a ") + toString(kind) + " cannot be on " + toString(spec.backend)));
    }
    return spec;
}

std::string formatDeviceSpec(const DeviceSpec& spec) {
    switch (spec.backend) {
    case Backend::automatic: return "auto";
    case Backend::sim: return "sim";
    case Backend::usb: return "usb:" + hex4(spec.usbId.vendor) + ":" + hex4(spec.usbId.product);
    case Backend::tty: return "tty:" + spec.path;
    case Backend::v4l2: return "v4l2:" + spec.path;
    }
    return "auto";
}

}  // namespace yimen::drivers::config
