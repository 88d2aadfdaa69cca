// GB18030 and PC437 conversions through glibc iconv, one conversion descriptor per call (thread-safe).
#include "drivers/protocol/gb18030.h"

#include <iconv.h>

#include <cerrno>

#include "common/utf8.h"

namespace yimen::drivers::protocol {
namespace {

class IconvHandle {
public:
    IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
    ~IconvHandle() {
        if (ok()) {
            iconv_close(cd_);
        }
    }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;

    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
    iconv_t get() const { return cd_; }

private:
    iconv_t cd_;
};

Expected<std::string> convert(std::string_view input, const char* to, const char* from, const char* inputName,
                              std::size_t offsetBase = 0) {
    IconvHandle cd(to, from);
    if (!cd.ok()) {
        return fail(ErrorCode::io, std::string("the C library cannot convert ") + from + " to " + to);
    }
    std::string out(input.size() * 2 + 16, '\0');
    // iconv's prototype takes char** but never writes through the input pointer.
    char* in = const_cast<char*>(input.data());
    std::size_t inLeft = input.size();
    std::size_t produced = 0;
    while (inLeft > 0) {
        char* outPtr = out.data() + produced;
        std::size_t outLeft = out.size() - produced;
        const std::size_t rc = iconv(cd.get(), &in, &inLeft, &outPtr, &outLeft);
        produced = out.size() - outLeft;
        if (rc != static_cast<std::size_t>(-1)) {
            break;
        }
        const std::size_t offset = offsetBase + input.size() - inLeft;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
        } else if (errno == EINVAL) {
            return fail(ErrorCode::invalidInput, std::string("truncated ") + inputName +
                                                     " character at byte " + std::to_string(offset));
        } else {
            return fail(ErrorCode::invalidInput,
                        std::string("invalid ") + inputName + " at byte " + std::to_string(offset));
        }
    }
    out.resize(produced);
    return out;
}

}  // namespace

Expected<std::string> utf8ToGb18030(std::string_view utf8) {
    // Checked here rather than trusting iconv, so that overlong forms and surrogates are refused too.
    if (const auto bad = firstInvalidUtf8(utf8)) {
        return fail(ErrorCode::invalidInput, "invalid UTF-8 at byte " + std::to_string(*bad));
    }
    return convert(utf8, "GB18030", "UTF-8", "UTF-8");
}

Expected<std::string> gb18030ToUtf8(std::string_view gb18030, std::size_t offsetBase) {
    return convert(gb18030, "UTF-8", "GB18030", "GB18030", offsetBase);
}

Expected<std::string> cp437ToUtf8(std::string_view cp437) {
    return convert(cp437, "UTF-8", "CP437", "PC437");
}

}  // namespace yimen::drivers::protocol
