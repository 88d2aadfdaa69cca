// libjpeg-turbo (TurboJPEG API) behind JpegCodec: header checks before any allocation, warnings tolerated.
#include "drivers/camera/jpeg_codec.h"

#include <turbojpeg.h>

#include <climits>
#include <string>

namespace yimen::drivers::camera {
namespace {

std::string lastError(void* handle) {
    return tjGetErrorStr2(static_cast<tjhandle>(handle));
}

}  // namespace

Expected<std::unique_ptr<JpegCodec>> JpegCodec::create() {
    tjhandle decoder = tjInitDecompress();
    tjhandle encoder = tjInitCompress();
    if (decoder == nullptr || encoder == nullptr) {
        if (decoder != nullptr) {
            tjDestroy(decoder);
        }
        if (encoder != nullptr) {
            tjDestroy(encoder);
        }
        return fail(ErrorCode::internal, "libjpeg-turbo could not allocate a codec");
    }
    return std::unique_ptr<JpegCodec>(new JpegCodec(decoder, encoder));
}

JpegCodec::JpegCodec(void* decoder, void* encoder) : decoder_(decoder), encoder_(encoder) {}

JpegCodec::~JpegCodec() {
    tjDestroy(static_cast<tjhandle>(decoder_));
    tjDestroy(static_cast<tjhandle>(encoder_));
}

Expected<std::pair<std::uint32_t, std::uint32_t>> JpegCodec::dimensions(std::span<const std::uint8_t> jpeg) {
    if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
        return fail(ErrorCode::invalidInput, "not a JPEG image (" + std::to_string(jpeg.size()) + " bytes)");
    }
    if (jpeg.size() > ULONG_MAX) {
        return fail(ErrorCode::invalidInput, "JPEG image too large");
    }
    int width = 0;
    int height = 0;
    int subsampling = 0;
    int colorspace = 0;
    if (tjDecompressHeader3(static_cast<tjhandle>(decoder_), jpeg.data(),
                            static_cast<unsigned long>(jpeg.size()), &width, &height, &subsampling,
                            &colorspace) != 0) {
        return fail(ErrorCode::invalidInput, "JPEG header: " + lastError(decoder_));
    }
    if (width <= 0 || height <= 0 ||
        static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) > kMaxFramePixels) {
        return fail(ErrorCode::invalidInput,
                    "JPEG image of impossible size " + std::to_string(width) + "x" + std::to_string(height));
    }
    return std::pair{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
}

Status JpegCodec::decode(std::span<const std::uint8_t> jpeg, std::uint8_t* out, std::uint32_t width,
                         std::uint32_t height, int pixelFormat, int flags) {
    auto* handle = static_cast<tjhandle>(decoder_);
    if (tjDecompress2(handle, jpeg.data(), static_cast<unsigned long>(jpeg.size()), out,
                      static_cast<int>(width), 0, static_cast<int>(height), pixelFormat, flags) != 0 &&
        tjGetErrorCode(handle) != TJERR_WARNING) {
        return fail(ErrorCode::invalidInput, "JPEG data: " + lastError(decoder_));
    }
    return {};
}

Expected<GrayImage> JpegCodec::decodeGray(std::span<const std::uint8_t> jpeg) {
    auto size = dimensions(jpeg);
    if (!size) {
        return fail(size.error());
    }
    GrayImage image{size->first, size->second, {}};
    image.pixels.resize(std::size_t{image.width} * image.height);
    if (auto ok = decode(jpeg, image.pixels.data(), image.width, image.height, TJPF_GRAY,
                         TJFLAG_FASTDCT | TJFLAG_FASTUPSAMPLE);
        !ok) {
        return fail(ok.error());
    }
    return image;
}

Expected<RgbImage> JpegCodec::decodeRgb(std::span<const std::uint8_t> jpeg) {
    auto size = dimensions(jpeg);
    if (!size) {
        return fail(size.error());
    }
    RgbImage image{size->first, size->second, {}};
    image.pixels.resize(std::size_t{image.width} * image.height * 3);
    if (auto ok = decode(jpeg, image.pixels.data(), image.width, image.height, TJPF_RGB, 0); !ok) {
        return fail(ok.error());
    }
    return image;
}

Expected<std::vector<std::uint8_t>> JpegCodec::encode(const std::uint8_t* pixels, std::uint32_t width,
                                                      std::uint32_t height, int pixelFormat, int subsampling,
                                                      int quality) {
    if (quality < 1 || quality > 100) {
        return fail(ErrorCode::invalidInput, "JPEG quality " + std::to_string(quality) + " is not in 1..100");
    }
    if (width == 0 || height == 0 || width > INT_MAX / 4 || height > INT_MAX / 4) {
        return fail(ErrorCode::invalidInput,
                    "cannot encode an image of size " + std::to_string(width) + "x" + std::to_string(height));
    }
    unsigned char* out = nullptr;
    unsigned long outSize = 0;
    if (tjCompress2(static_cast<tjhandle>(encoder_), pixels, static_cast<int>(width), 0,
                    static_cast<int>(height), pixelFormat, &out, &outSize, subsampling, quality, 0) != 0) {
        const std::string reason = lastError(encoder_);
        tjFree(out);
        return fail(ErrorCode::internal, "JPEG encoding: " + reason);
    }
    std::vector<std::uint8_t> bytes(out, out + outSize);
    tjFree(out);
    return bytes;
}

Expected<std::vector<std::uint8_t>> JpegCodec::encodeGray(const GrayImage& image, int quality) {
    if (image.pixels.size() != std::size_t{image.width} * image.height) {
        return fail(ErrorCode::invalidInput, "grey image with " + std::to_string(image.pixels.size()) +
                                                 " bytes for " + std::to_string(image.width) + "x" +
                                                 std::to_string(image.height) + " pixels");
    }
    return encode(image.pixels.data(), image.width, image.height, TJPF_GRAY, TJSAMP_GRAY, quality);
}

Expected<std::vector<std::uint8_t>> JpegCodec::encodeRgb(const RgbImage& image, int quality) {
    if (image.pixels.size() != std::size_t{image.width} * image.height * 3) {
        return fail(ErrorCode::invalidInput, "RGB image with " + std::to_string(image.pixels.size()) +
                                                 " bytes for " + std::to_string(image.width) + "x" +
                                                 std::to_string(image.height) + " pixels");
    }
    return encode(image.pixels.data(), image.width, image.height, TJPF_RGB, TJSAMP_420, quality);
}

}  // namespace yimen::drivers::camera
