// The UI core both runners share: fonts, UI, frame timing, the report.
#include "kiosk/ui_core.h"

#include <iostream>

#include "screens/window_display.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/log.h"
#include "kiosk/core/receipt_info.h"

namespace yimen::kiosk {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLog = "ui";

std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

screens::Theme themeFor(const UiOptions& o) {
    return o.landscape ? screens::Theme::forScreen(1920, 1080) : screens::Theme::forScreen(1080, 1920);
}

screens::UiConfig uiConfigFor(const UiOptions& options) {
    screens::UiConfig c;
    c.catalogPageSize = options.catalogPageSize;
    c.utcOffsetMinutes = options.utcOffsetMinutes;
    return c;
}

}  // namespace

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

UiCore::UiCore(std::unique_ptr<screens::FontSet> fonts, const UiOptions& options)
    : fonts_(std::move(fonts)),
      ui_(themeFor(options), *fonts_, uiConfigFor(options), options.inputMethod, options.handwriting),
      options_(options) {}

const screens::Frame& UiCore::build(const SessionState& state, screens::Painter& painter) {
    buildStart_ = std::chrono::steady_clock::now();
    const screens::Frame& frame = ui_.update(state);
    if (ui_.takeSessionEnd())
        painter.forgetText();
    if (state.receipt)
        lastReceiptQr_ = receiptQrPayload(state.receipt->receiptNo, state.receipt->queryCode);
    return frame;
}

void UiCore::drawn(const SessionState& state) {
    report_.frames.add(toString(state.screen), msSince(buildStart_));
    if (!report_.startToFirstFrameMs && state.screen == Screen::home && options_.processStartMs > 0)
        report_.startToFirstFrameMs = static_cast<double>(wallMs() - options_.processStartMs);
}

void UiCore::finishReport(const std::string& mode) {
    report_.mode = mode;
    report_.width = theme().width;
    report_.height = theme().height;
    report_.peakRssKib = screens::peakRssKib();
    if (!options_.outDir.empty()) {
        std::error_code ec;
        fs::create_directories(options_.outDir, ec);
        std::ofstream out(fs::path(options_.outDir) / "report.json");
        out << screens::toJson(report_) << "\n";
        if (!out)
            log::warn(kLog, "report.json not written in " + options_.outDir);
    }
    if (options_.report)
        std::cout << screens::toText(report_);
}

std::unique_ptr<UiCore> openCore(const UiOptions& options) {
    auto fonts = screens::FontSet::open();
    if (!fonts) {
        std::cerr << "yimen-kiosk: " << fonts.error().message << "\n";
        return nullptr;
    }
    return std::make_unique<UiCore>(std::move(*fonts), options);
}

std::unique_ptr<screens::WindowDisplay> openWindow(UiCore& core, const UiOptions& options) {
    screens::WindowOptions wo;
    wo.fullscreen = options.fullscreen;
    wo.title = "一门 · 政务服务自助终端";
    wo.allowOffscreen = options.offscreenWindow;
    auto opened = screens::WindowDisplay::open(core.theme(), core.fonts(), wo);
    if (!opened) {
        std::cerr << "yimen-kiosk: " << opened.error().message << "\n";
        return nullptr;
    }
    return std::move(*opened);
}

}  // namespace yimen::kiosk
