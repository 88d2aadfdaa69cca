// Everything that can happen to a session, as values on the one event queue.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "common/api/application.h"
#include "common/catalog.h"
#include "common/identity.h"
#include "kiosk/core/device_status.h"
#include "kiosk/core/receipt_info.h"

namespace yimen::kiosk {

namespace ev {
// From the clock (the shell posts one every ~250 ms). nowMs is the wall clock (milliseconds since the Unix
// epoch): only for what is shown or stored (the date, "today" in validation). steadyMs is a monotonic clock
// (any origin) that every delay is measured on, so a wall clock stepped back or forward never stretches or
// cuts the idle countdown; when absent, nowMs stands in for it (tests with one clock).
struct Tick {
    Tick() = default;
    Tick(std::int64_t now, std::optional<std::int64_t> steady = std::nullopt)
        : nowMs(now), steadyMs(steady) {}
    std::int64_t nowMs = 0;
    std::optional<std::int64_t> steadyMs;
};
// From the catalog loader: the cached catalog at start, then fresher ones from the platform.
struct CatalogLoaded {
    std::shared_ptr<const Catalog> catalog;
};

// Citizen intents, emitted by the screens.
struct StartApply {};  // Home: 办事
struct SelectCategory {
    std::string id;
};  // Catalog: "" = all
struct SearchInitials {
    std::string text;
};  // Catalog: pinyin initials, e.g. "CXJM"
struct PageNext {};
struct PagePrevious {};
struct SelectItem {
    std::string itemId;
};
struct StartItem {};  // Item: 开始办理
struct Input {
    std::string value;
};               // Form: the current field's value as typed or chosen
struct Next {};  // Form: 下一步; Receipt: 完成
struct Back {};  // 返回
struct EditField {
    std::string fieldId;
};                 // Review: 修改
struct Submit {};  // Review: 提交申请
struct Rate {
    int level = 5;
};  // Rating: 1 非常不满意 .. 5 非常满意
struct SkipRating {};
struct StartTrack {};   // Home: 查询
struct TypeReceipt {};  // Track: 输入回执号 (instead of scanning)
struct StartRate {};    // Home: 评价
struct ToggleReason {
    int index = 0;
};                     // Rate: a reason of texts::kRatingReasons ticked or unticked
struct Home {};        // 首页 / 取消: cancel from anywhere
struct ExtendTime {};  // Idle warning: 继续办理
// A touch that only the UI acts on (a pinyin letter, a stroke on the writing pad, a page of candidates): the
// citizen is there, so the idle countdown starts again.
struct Activity {};

// From the card reader thread.
struct CardRead {
    Identity identity;
};
struct CardReadFailed {
    std::string message;
};

// From the scanner (the HID scanner or the camera, whichever the configuration runs): one decoded code, as
// read. It may be anything a citizen holds up; the session judges it.
struct Scanned {
    std::string text;
};

// From the executors.
struct ApplicationQueued {
    ReceiptInfo receipt;
};  // committed to the outbox; receipt issued
struct ApplicationSaveFailed {
    std::string message;
};  // not committed: nothing was issued
struct DeliveryReported {
    enum class Result { delivered, retrying, failed } result = Result::delivered;
    std::string receiptNo;
    std::string message;
};
struct PrintFinished {
    bool ok = true;
    std::string message;
};
// The platform's answer to fx::LookUpApplication `lookupId`.
struct LookupAnswered {
    enum class Result {
        found,        // status holds the application
        notFound,     // unknown receipt or wrong query code (the platform never says which): message
        throttled,    // too many wrong tries: message is the platform's, shown as it is
        unreachable,  // no answer from the platform (network, TLS, timeout)
        failed,       // the platform answered something else (5xx, a malformed answer)
    };
    std::uint64_t lookupId = 0;
    Result result = Result::failed;
    api::ApplicationStatus status;
    std::string message;
};
// From the device health board: a device's health changed ("cardReader", "receiptPrinter", "scanner").
struct DeviceHealthChanged {
    std::string device;
    DeviceStatus status;
};
// From a worker thread that died of an exception ("card", "print", "catalog", "store"); it is restarted
// after a back-off. `what` is the exception's message (never personal data: drivers do not put any there).
struct WorkerFailed {
    std::string name;
    std::string what;
};
}  // namespace ev

using Event = std::variant<ev::Tick, ev::CatalogLoaded, ev::StartApply, ev::SelectCategory,
                           ev::SearchInitials, ev::PageNext, ev::PagePrevious, ev::SelectItem, ev::StartItem,
                           ev::Input, ev::Next, ev::Back, ev::EditField, ev::Submit, ev::Rate, ev::SkipRating,
                           ev::StartTrack, ev::TypeReceipt, ev::StartRate, ev::ToggleReason, ev::Home,
                           ev::ExtendTime, ev::Activity, ev::CardRead, ev::CardReadFailed, ev::Scanned,
                           ev::ApplicationQueued, ev::ApplicationSaveFailed, ev::DeliveryReported,
                           ev::LookupAnswered, ev::PrintFinished, ev::DeviceHealthChanged, ev::WorkerFailed>;

// A short name for logs and scenario files: "Tick", "CardRead", ... Never includes the event's data.
const char* eventName(const Event& event);

// True for events that come from the citizen's hand (they keep the session awake).
bool isCitizenIntent(const Event& event);

}  // namespace yimen::kiosk
