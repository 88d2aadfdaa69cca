// Tests of platform/department_simulator.cpp: applications move by themselves when departments are simulated.
#include "platform/department_simulator.h"

#include <thread>

#include <catch2/catch.hpp>

#include "tests/platform/sample_application.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;

TEST_CASE("with simulated departments an application reaches completed by itself", "[departments]") {
    TempDir dir;
    Expected<std::unique_ptr<ApplicationStore>> store = ApplicationStore::open(dir / "platform.db");
    REQUIRE(store.hasValue());
    NewApplication a;
    a.receiptNo = "YM0001";
    a.queryCode = "123456";
    a.itemId = "residence-certificate";
    a.itemName = "居住证明";
    a.department = "镇派出所";
    a.submittedAt = "2026-11-29T06:30:00Z";
    REQUIRE((*store)
                ->createApplication({"kiosk-0001", "applications", "key-1", "fp"}, a,
                                    [](const std::string&, const std::string&) { return std::string("{}"); })
                .hasValue());

    DepartmentSimulator departments(**store, std::chrono::milliseconds(5));
    // Waits for the outcome, not for a time: the deadline only keeps a broken simulator from hanging the
    // suite.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while ((*store)->application("YM0001")->status != "completed" &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    departments.stop();
    departments.stop();

    Expected<StoredApplication> done = (*store)->application("YM0001");
    REQUIRE(done.hasValue());
    CHECK(done->status == "completed");
    REQUIRE(done->timeline.size() == 4);
    // Each step the departments took names the item's department.
    for (std::size_t i = 1; i < done->timeline.size(); ++i) CHECK(done->timeline[i].department == "镇派出所");
}
