// A small catalog, a sample card and a driver that walks a Session to any screen, for the session tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/session.h"

namespace yimen::kiosk::test {

inline constexpr std::int64_t kStartMs = 1'795'000'000'000;  // 2026-11-19, a fixed clock for repeatable tests

inline std::shared_ptr<const Catalog> sampleCatalog() {
    auto parsed = parseCatalog(
        R"({"version":"t1","categories":[{"id":"social","name":"社会保障"},{"id":"civil","name":"户籍证明"}],
     "items":[
      {"id":"pension","name":"城乡居民基本养老保险参保登记","initials":"CXJMJBYLBXCBDJ","category":"social",
       "department":"县人力资源和社会保障局","timeLimitDays":5,"summary":"s","materials":[{"name":"居民身份证","note":"原件"}],
       "fields":[{"id":"name","label":"姓名","type":"text","prefill":"name"},
                 {"id":"idNumber","label":"身份证号码","type":"idnumber","prefill":"idNumber"},
                 {"id":"phone","label":"联系电话","type":"phone"},
                 {"id":"level","label":"缴费档次","type":"choice","options":["200元","300元"]},
                 {"id":"note","label":"备注","type":"text","required":false}]},
      {"id":"residence","name":"居住证明","initials":"JZZM","category":"civil","department":"镇派出所","timeLimitDays":1,
       "fields":[{"id":"address","label":"居住地址","type":"address","prefill":"address"}]},
      {"id":"a3","name":"事项三","initials":"SXS","category":"social","department":"d","fields":[]},
      {"id":"a4","name":"事项四","initials":"SXS","category":"social","department":"d","fields":[]},
      {"id":"a5","name":"事项五","initials":"SXW","category":"social","department":"d","fields":[]},
      {"id":"a6","name":"事项六","initials":"SXL","category":"social","department":"d","fields":[]},
      {"id":"a7","name":"事项七","initials":"SXQ","category":"social","department":"d","fields":[]}]})");
    return std::make_shared<const Catalog>(std::move(parsed.value()));
}

inline Identity sampleCard() {
    Identity id;
    id.name = "韦秀英";
    id.sex = "女";
    id.nation = "壮";
    id.birthDate = "1990-01-01";
    id.address = "广西壮族自治区南宁市武鸣区城厢镇东风村3号";
    id.idNumber = "450102199001011231";
    id.issuer = "南宁市公安局武鸣分局";
    id.validFrom = "2015-01-01";
    id.validTo = "2035-01-01";
    return id;
}

// Feeds events to a session and keeps every effect it returned.
struct Driver {
    Session session;
    std::vector<Effect> effects;
    std::int64_t now = kStartMs;

    explicit Driver(SessionConfig config = {}) : session(config) {
        send(ev::Tick{now});
        send(ev::CatalogLoaded{sampleCatalog()});
    }
    std::vector<Effect> send(const Event& e) {
        auto out = session.handle(e);
        effects.insert(effects.end(), out.begin(), out.end());
        return out;
    }
    void advance(std::int64_t ms) {
        now += ms;
        send(ev::Tick{now});
    }
    const SessionState& state() const { return session.state(); }
    Screen screen() const { return session.state().screen; }

    template <typename T>
    int count() const {
        int n = 0;
        for (const auto& e : effects) n += std::holds_alternative<T>(e) ? 1 : 0;
        return n;
    }
    template <typename T>
    const T* last() const {
        for (auto it = effects.rbegin(); it != effects.rend(); ++it)
            if (auto p = std::get_if<T>(&*it))
                return p;
        return nullptr;
    }

    // Walks the pension item to the given screen with valid answers.
    void walkTo(Screen target) {
        if (target == Screen::home)
            return;
        if (walkTrack(target))
            return;
        send(ev::StartApply{});
        if (target == Screen::catalog)
            return;
        send(ev::SelectItem{"pension"});
        if (target == Screen::item)
            return;
        send(ev::StartItem{});
        if (target == Screen::identify)
            return;
        send(ev::CardRead{sampleCard()});
        if (target == Screen::form)
            return;
        send(ev::Next{});  // name from the card
        send(ev::Next{});  // id number from the card
        send(ev::Input{"13800138000"});
        send(ev::Next{});
        send(ev::Input{"300元"});
        send(ev::Next{});
        send(ev::Next{});  // optional note left empty
        if (target == Screen::review)
            return;
        send(ev::Submit{});
        if (target == Screen::submitting)
            return;
        ReceiptInfo r;
        r.receiptNo = "YM00012611190001";
        r.queryCode = "042137";
        r.itemName = "城乡居民基本养老保险参保登记";
        r.maskedIdNumber = "4501**********1231";
        send(ev::ApplicationQueued{r});
        send(ev::DeliveryReported{ev::DeliveryReported::Result::delivered, r.receiptNo, ""});
        if (target == Screen::receipt)
            return;
        send(ev::Next{});
    }

    // The track journey's screens: a typed receipt, and for the result a rejected application with three
    // steps. False for the other screens.
    bool walkTrack(Screen target) {
        if (target != Screen::trackScan && target != Screen::trackEntry && target != Screen::trackWaiting &&
            target != Screen::trackResult && target != Screen::rateLevel && target != Screen::rateReasons)
            return false;
        const bool rating = target == Screen::rateLevel || target == Screen::rateReasons;
        if (rating)
            send(ev::StartRate{});
        else
            send(ev::StartTrack{});
        if (target == Screen::trackScan)
            return true;
        send(ev::TypeReceipt{});
        send(ev::Input{"00012611190001"});
        if (target == Screen::trackEntry)
            return true;
        send(ev::Next{});
        send(ev::Input{"042137"});
        send(ev::Next{});
        if (target == Screen::trackWaiting)
            return true;
        send(sampleAnswer(state().lookupId));
        if (target == Screen::rateReasons)
            send(ev::Rate{2});
        return true;
    }

    static ev::LookupAnswered sampleAnswer(std::uint64_t lookupId) {
        ev::LookupAnswered a;
        a.lookupId = lookupId;
        a.result = ev::LookupAnswered::Result::found;
        a.status.receiptNo = "YM00012611190001";
        a.status.itemId = "pension";
        a.status.itemName = "城乡居民基本养老保险参保登记";
        a.status.department = "县人力资源和社会保障局";
        a.status.status = "rejected";
        a.status.statusText = "不予受理";
        a.status.submittedAt = "2026-11-19T06:30:00Z";
        a.status.promisedBy = "2026-11-26";
        a.status.timeline = {
            {"submitted", "已提交", "2026-11-19T06:30:00Z", "", "", ""},
            {"accepted", "已受理", "2026-11-19T08:00:00Z", "", "县人力资源和社会保障局", ""},
            {"rejected", "不予受理", "2026-11-20T01:00:00Z", "缺少户口簿", "县人力资源和社会保障局",
             "请补齐材料后重新申请"},
        };
        return a;
    }
};

}  // namespace yimen::kiosk::test
