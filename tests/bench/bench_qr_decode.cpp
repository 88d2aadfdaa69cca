// Benchmark: the QR decode time of a 1280×720 camera frame (median), ZXing as the camera scanner uses it,
// side by side with zbar on the same frames; and the frame conversions before decoding. Prints figures; not a
// test.
#include <ZXing/ReadBarcode.h>
#include <ZXing/ZXVersion.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "drivers/camera/camera_frame.h"
#include "drivers/camera/jpeg_codec.h"
#include "drivers/camera/qr_decoder.h"
#include "tests/drivers/camera/qr_frames.h"
#ifdef YIMEN_BENCH_WITH_ZBAR
#include "tests/drivers/camera/zbar_qr_scanner.h"
#endif

using namespace yimen::drivers::camera;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRuns = 5;
constexpr std::uint32_t kWidth = 1280;
constexpr std::uint32_t kHeight = 720;

struct Frame {
    GrayImage image;
    std::string text;  // empty: no code in the frame
};

// Codes as the kiosk meets them (receipt numbers, tracking URLs, a Chinese line), at the sizes a citizen
// holds a phone or a receipt to the camera, spread over the frame, each over different noise.
std::vector<Frame> makeFrames() {
    const std::vector<std::string> texts{
        "YM-2025-000123",
        "https://yimen.example/track/YM-2025-000456?k=9f2c",
        "YMQ1|A0001|8842",
        "一门办事 受理回执 YM-2025-000789",
    };
    const int sides[] = {180, 220, 260, 300};
    const int lefts[] = {100, 500, 900};
    std::vector<Frame> frames;
    std::uint32_t seed = 1;
    for (std::size_t t = 0; t < texts.size(); ++t) {
        for (int s = 0; s < 2; ++s) {
            for (const int left : lefts) {
                const int side = sides[(t + static_cast<std::size_t>(s) * 2) % 4];
                const int top = 60 + static_cast<int>((seed * 97) % 300);
                frames.push_back(
                    {test::qrScene({test::QrPlacement{texts[t], left, top, side}}, kWidth, kHeight, seed++),
                     texts[t]});
            }
        }
    }
    for (int i = 0; i < 8; ++i) {
        frames.push_back({test::qrScene(std::vector<test::QrPlacement>{}, kWidth, kHeight, seed++), ""});
    }
    return frames;
}

struct Result {
    std::vector<double> withCode;  // milliseconds per decode
    std::vector<double> withoutCode;
    int found = 0;
    int framesWithCode = 0;
};

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[index];
}

Result measure(const std::vector<Frame>& frames,
               const std::function<std::vector<std::string>(const GrayImage&)>& decode) {
    Result result;
    for (const Frame& frame : frames) {
        bool found = false;
        for (int run = 0; run < kRuns; ++run) {
            const auto start = Clock::now();
            const std::vector<std::string> texts = decode(frame.image);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            (frame.text.empty() ? result.withoutCode : result.withCode).push_back(ms);
            found = found || std::find(texts.begin(), texts.end(), frame.text) != texts.end();
        }
        if (!frame.text.empty()) {
            ++result.framesWithCode;
            result.found += found ? 1 : 0;
        }
    }
    return result;
}

void print(const char* name, const Result& r) {
    std::printf("%-46s %8.2f ms (p90 %6.2f) %8.2f ms (p90 %6.2f) %6d/%d\n", name, percentile(r.withCode, 0.5),
                percentile(r.withCode, 0.9), percentile(r.withoutCode, 0.5), percentile(r.withoutCode, 0.9),
                r.found, r.framesWithCode);
}

template <typename Step>
double medianMs(int runs, Step step) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        step();
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return percentile(samples, 0.5);
}

std::vector<std::string> zxingWith(const GrayImage& image, const ZXing::DecodeHints& hints) {
    const ZXing::ImageView view(image.pixels.data(), static_cast<int>(image.width),
                                static_cast<int>(image.height), ZXing::ImageFormat::Lum);
    std::vector<std::string> texts;
    for (const auto& result : ZXing::ReadBarcodes(view, hints)) {
        if (result.isValid()) {
            texts.push_back(result.text());
        }
    }
    return texts;
}

}  // namespace

int main() {
    const std::vector<Frame> frames = makeFrames();
    const auto withCode =
        std::count_if(frames.begin(), frames.end(), [](const Frame& f) { return !f.text.empty(); });
    std::printf(
        "QR decode of a %ux%u grey camera frame: median and 90th percentile of %d runs over %ld frames\n"
        "with one code (4 texts, 180-300 px, 3 places) and %ld frames without a code\n\n",
        kWidth, kHeight, kRuns, static_cast<long>(withCode), static_cast<long>(frames.size()) - withCode);
    std::printf("%-46s %25s %25s %8s\n", "decoder", "with a code", "without a code", "found");

    const QrDecoder live;  // what CameraScanner runs
    print("ZXing 1.4.0 QR only, tryHarder off (the kiosk)", measure(frames, [&](const GrayImage& image) {
              return live.decode(image).valueOr(std::vector<std::string>{});
          }));
    const QrDecoder harder({true, 4});
    print("ZXing 1.4.0 QR only, tryHarder on", measure(frames, [&](const GrayImage& image) {
              return harder.decode(image).valueOr(std::vector<std::string>{});
          }));
    const ZXing::DecodeHints defaults;
    print("ZXing 1.4.0 default hints (every format)",
          measure(frames, [&](const GrayImage& image) { return zxingWith(image, defaults); }));
#ifdef YIMEN_BENCH_WITH_ZBAR
    test::ZbarQrScanner zbar;
    const std::string zbarName = "zbar " + test::ZbarQrScanner::version() + " Y800, QR only";
    print(zbarName.c_str(), measure(frames, [&](const GrayImage& image) { return zbar.decode(image); }));
#else
    std::printf("zbar: not measured (install libzbar-dev and reconfigure for the comparison)\n");
#endif

    // What comes before decoding, per frame.
    const GrayImage& scene = frames.front().image;
    const std::vector<std::uint8_t> yuyv = grayToYuyv(scene);
    const std::vector<std::uint8_t> mjpeg = test::toMjpeg(scene, 85);
    auto codec = JpegCodec::create();
    if (!codec) {
        std::fprintf(stderr, "%s\n", codec.error().describe().c_str());
        return 1;
    }
    const double yuyvMs = medianMs(20, [&] { (void)yuyvLuma(yuyv, kWidth, kHeight, kWidth * 2); });
    const double mjpegMs = medianMs(20, [&] { (void)(*codec)->decodeGray(mjpeg); });
    std::printf(
        "\nbefore decoding: YUYV to luma %.2f ms; MJPEG (%zu bytes, quality 85) to luma %.2f ms "
        "(libjpeg-turbo)\n",
        yuyvMs, mjpeg.size(), mjpegMs);
    return 0;
}
