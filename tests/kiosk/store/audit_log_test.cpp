// Tests of kiosk/store/audit_log: append-only, newest first, ID numbers masked.
#include "kiosk/store/audit_log.h"

#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

TEST_CASE("audit entries read back newest first, as many as asked for", "[audit_log]") {
    StoreFixture store;
    AuditLog audit(*store.db);
    REQUIRE(audit.append("technician", "maintenance.enter", "PIN accepted", 100));
    REQUIRE(audit.append("technician", "outbox.retry", "entry 7", 200));
    REQUIRE(audit.append("technician", "maintenance.leave", "", 300));

    auto recent = audit.recent(2);
    REQUIRE(recent);
    REQUIRE(recent->size() == 2);
    CHECK((*recent)[0].atMs == 300);
    CHECK((*recent)[0].action == "maintenance.leave");
    CHECK((*recent)[1].actor == "technician");
    CHECK((*recent)[1].action == "outbox.retry");
    CHECK((*recent)[1].detail == "entry 7");

    auto all = audit.recent(100);
    REQUIRE(all);
    CHECK(all->size() == 3);
    CHECK_FALSE(audit.recent(-1));
}

TEST_CASE("a full ID number in an audit entry is stored masked", "[audit_log]") {
    StoreFixture store;
    AuditLog audit(*store.db);
    REQUIRE(audit.append("citizen", "card.read", "holder 450102199001011234 identified", 1));
    auto recent = audit.recent(1);
    REQUIRE(recent);
    REQUIRE(recent->size() == 1);
    CHECK(recent->front().detail == "holder 4501**********1234 identified");
}

TEST_CASE("audit entries cannot be changed or removed", "[audit_log]") {
    StoreFixture store;
    AuditLog audit(*store.db);
    REQUIRE(audit.append("technician", "config.change", "volume 5 -> 8", 1));
    auto changed = store.db->execute("UPDATE audit_log SET detail = 'nothing happened'");
    REQUIRE_FALSE(changed);
    CHECK_THAT(changed.error().message, Catch::Contains("append-only"));
    auto removed = store.db->execute("DELETE FROM audit_log");
    REQUIRE_FALSE(removed);
    auto recent = audit.recent(10);
    REQUIRE(recent);
    REQUIRE(recent->size() == 1);
    CHECK(recent->front().detail == "volume 5 -> 8");
}

TEST_CASE("an audit entry without an actor or action is refused", "[audit_log]") {
    StoreFixture store;
    AuditLog audit(*store.db);
    CHECK_FALSE(audit.append("", "x", "", 1));
    CHECK_FALSE(audit.append("technician", "", "", 1));
}
