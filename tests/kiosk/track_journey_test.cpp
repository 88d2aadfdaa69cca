// The track journey (查询) through the pure session: scanning, typing, the platform's answers, and what is
// wiped.
#include <catch2/catch.hpp>

#include "kiosk/core/privacy.h"
#include "kiosk/core/texts.h"
#include "session_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using yimen::kiosk::test::Driver;

namespace {

using R = ev::LookupAnswered::Result;

ev::LookupAnswered answer(std::uint64_t id, R result, std::string message = {}) {
    ev::LookupAnswered a;
    a.lookupId = id;
    a.result = result;
    a.message = std::move(message);
    return a;
}

void typeReceipt(Driver& d, const std::string& digits, const std::string& code) {
    d.send(ev::TypeReceipt{});
    d.send(ev::Input{digits});
    d.send(ev::Next{});
    d.send(ev::Input{code});
    d.send(ev::Next{});
}

}  // namespace

TEST_CASE("a receipt's code held to the scanner on Home shows its timeline, and 完成 wipes it", "[track]") {
    Driver d;
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137") + "\r\n"});
    REQUIRE(d.screen() == Screen::trackWaiting);
    const auto* lookup = d.last<fx::LookUpApplication>();
    REQUIRE(lookup);
    CHECK(lookup->receiptNo == "YM00012611190001");
    CHECK(lookup->queryCode == "042137");
    CHECK(lookup->lookupId == d.state().lookupId);

    d.send(Driver::sampleAnswer(d.state().lookupId));
    REQUIRE(d.screen() == Screen::trackResult);
    REQUIRE(d.state().trackResult);
    CHECK(d.state().trackResult->timeline.size() == 3);
    CHECK(d.state().trackQueryCode.empty());  // the answer is in; the key to it is not kept

    d.send(ev::Next{});
    CHECK(d.screen() == Screen::home);
    CHECK(d.state().notice == texts::kGoodbye);
    CHECK_FALSE(d.state().trackResult);
    CHECK(d.state().trackReceiptNo.empty());
    CHECK(d.count<fx::LogBug>() == 0);
}

TEST_CASE("a code that is not a receipt's says so and waits for the right one", "[track]") {
    for (const std::string code :
         {"https://example.com/x", "YMQ1|YM0001|042137", "YMQ1|YM00012611190001|04213",
          "YMQ1|YM00012611190001", "", "YMQ1|YM00012611190001|042137|x"}) {
        INFO(code);
        Driver d;
        d.send(ev::Scanned{code});
        CHECK(d.screen() == Screen::trackScan);
        CHECK(d.state().trackMessage == texts::kNotOurCode);
        CHECK(d.count<fx::LookUpApplication>() == 0);
        CHECK(d.count<fx::LogBug>() == 0);
    }
}

TEST_CASE("a typed receipt is checked before the platform is asked", "[track]") {
    Driver d;
    d.send(ev::StartTrack{});
    REQUIRE(d.screen() == Screen::trackScan);
    d.send(ev::TypeReceipt{});
    REQUIRE(d.screen() == Screen::trackEntry);
    d.send(ev::Input{"0001261119"});
    d.send(ev::Next{});
    CHECK(d.state().trackEntry == TrackEntry::receiptNo);
    CHECK(d.state().trackMessage == texts::kReceiptNoIncomplete);
    // Letters and extra digits never get in.
    d.send(ev::Input{"0001X26111900012345"});
    CHECK(d.state().trackDraft == "00012611190001");
    CHECK(d.state().trackMessage.empty());
    d.send(ev::Next{});
    REQUIRE(d.state().trackEntry == TrackEntry::queryCode);
    CHECK(d.state().trackReceiptNo == "YM00012611190001");
    d.send(ev::Input{"0421"});
    d.send(ev::Next{});
    CHECK(d.state().trackMessage == texts::kQueryCodeIncomplete);
    CHECK(d.count<fx::LookUpApplication>() == 0);

    // 返回 from the code goes back to the receipt number as typed; from there to the scanner.
    d.send(ev::Back{});
    CHECK(d.state().trackEntry == TrackEntry::receiptNo);
    CHECK(d.state().trackDraft == "00012611190001");
    d.send(ev::Back{});
    CHECK(d.screen() == Screen::trackScan);
}

TEST_CASE("a wrong code or too many tries sends the citizen back to the code with the platform's words",
          "[track]") {
    Driver d;
    d.send(ev::StartTrack{});
    typeReceipt(d, "00012611190001", "111111");
    REQUIRE(d.screen() == Screen::trackWaiting);
    d.send(answer(d.state().lookupId, R::notFound, "未找到该回执，请核对回执号和查询码"));
    CHECK(d.screen() == Screen::trackEntry);
    CHECK(d.state().trackEntry == TrackEntry::queryCode);
    CHECK(d.state().trackMessage == "未找到该回执，请核对回执号和查询码");
    CHECK(d.state().trackReceiptNo == "YM00012611190001");
    CHECK(d.state().trackDraft.empty());
    CHECK(d.state().trackQueryCode.empty());

    d.send(ev::Input{"222222"});
    d.send(ev::Next{});
    d.send(answer(d.state().lookupId, R::throttled, "查询次数过多，请15分钟后再试"));
    CHECK(d.screen() == Screen::trackEntry);
    CHECK(d.state().trackMessage == "查询次数过多，请15分钟后再试");
}

TEST_CASE(
    "a platform that is away or answers nonsense is told apart, and a scanned receipt returns to the "
    "scanner",
    "[track]") {
    Driver d;
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    d.send(answer(d.state().lookupId, R::unreachable));
    CHECK(d.screen() == Screen::trackScan);
    CHECK(d.state().trackMessage == texts::kTrackUnreachable);
    CHECK(d.last<fx::WantScans>()->wanted);

    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    CHECK(d.screen() == Screen::trackWaiting);
    CHECK_FALSE(d.last<fx::WantScans>()->wanted);
    d.send(answer(d.state().lookupId, R::failed));
    CHECK(d.screen() == Screen::trackScan);
    CHECK(d.state().trackMessage == texts::kTrackFailed);
}

TEST_CASE("a lookup never answered is given up, and its late answer is not shown", "[track]") {
    Driver d;
    d.send(ev::StartTrack{});
    typeReceipt(d, "00012611190001", "042137");
    const std::uint64_t asked = d.state().lookupId;
    d.advance(SessionConfig{}.lookupWaitMs - 1000);
    CHECK(d.screen() == Screen::trackWaiting);
    d.advance(1000);
    CHECK(d.screen() == Screen::trackEntry);
    CHECK(d.state().trackMessage == texts::kTrackUnreachable);

    d.send(Driver::sampleAnswer(asked));
    CHECK(d.screen() == Screen::trackEntry);
    CHECK_FALSE(d.state().trackResult);
    CHECK(d.count<fx::LogBug>() == 0);
}

TEST_CASE("only the answer to the latest lookup is shown", "[track]") {
    Driver d;
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    const std::uint64_t first = d.state().lookupId;
    d.send(answer(first, R::unreachable));
    d.send(ev::Scanned{receiptQrPayload("YM00012611190002", "123456")});
    REQUIRE(d.state().lookupId != first);
    d.send(Driver::sampleAnswer(first));
    CHECK(d.screen() == Screen::trackWaiting);
    d.send(Driver::sampleAnswer(d.state().lookupId));
    CHECK(d.screen() == Screen::trackResult);
}

TEST_CASE("a code scanned in the middle of an application changes nothing", "[track]") {
    Driver d;
    d.walkTo(Screen::form);
    const auto before = d.effects.size();
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    CHECK(d.screen() == Screen::form);
    CHECK(d.effects.size() == before);
}

TEST_CASE("the camera is wanted only on the scan screen", "[track]") {
    Driver d;
    d.send(ev::StartTrack{});
    REQUIRE(d.last<fx::WantScans>());
    CHECK(d.last<fx::WantScans>()->wanted);
    d.send(ev::Home{});
    CHECK(d.screen() == Screen::home);
    CHECK_FALSE(d.last<fx::WantScans>()->wanted);

    d.send(ev::StartTrack{});
    d.send(ev::TypeReceipt{});
    CHECK_FALSE(d.last<fx::WantScans>()->wanted);
}

TEST_CASE("the idle timeout on a timeline goes home and leaves nothing of the receipt", "[track]") {
    Driver d;
    d.walkTo(Screen::trackResult);
    REQUIRE(d.screen() == Screen::trackResult);
    d.advance(SessionConfig{}.idleWarnAfterMs);
    d.advance(SessionConfig{}.countdownMs);
    CHECK(d.screen() == Screen::home);
    CHECK_FALSE(d.state().trackResult);
    CHECK(d.state().trackReceiptNo.empty());
    CHECK(d.state().trackQueryCode.empty());
}

TEST_CASE("what a lookup and a scan carry of the receipt's key is wiped once handled", "[track][privacy]") {
    Effect lookup = fx::LookUpApplication{7, "YM00012611190001", "042137"};
    wipeCarried(lookup);
    CHECK(std::get<fx::LookUpApplication>(lookup).queryCode.empty());
    Event scanned = ev::Scanned{receiptQrPayload("YM00012611190001", "042137")};
    wipeCarried(scanned);
    CHECK(std::get<ev::Scanned>(scanned).text.empty());
}

TEST_CASE("a receipt's QR text reads back to its number and code, and nothing else does", "[track]") {
    const auto key = parseReceiptQr(receiptQrPayload("YM00012611190001", "042137"));
    REQUIRE(key);
    CHECK(key->receiptNo == "YM00012611190001");
    CHECK(key->queryCode == "042137");
    CHECK_FALSE(parseReceiptQr("ymq1|YM00012611190001|042137"));
    CHECK_FALSE(parseReceiptQr("YMQ1|YM0001261119000A|042137"));
    CHECK_FALSE(parseReceiptQr("YMQ2|YM00012611190001|042137"));
    CHECK(isReceiptNo("YM00012611190001"));
    CHECK_FALSE(isReceiptNo("XM00012611190001"));
    CHECK(isQueryCode("000000"));
    CHECK_FALSE(isQueryCode("0000000"));
}
