// Tests of platform/admin_commands.cpp: advance, issue-kiosk and list as an operator runs them.
#include "platform/admin_commands.h"

#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "network/kiosk_identity.h"
#include "platform/state_dir.h"
#include "tests/platform/sample_application.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;

namespace {

struct Outcome {
    int exitCode;
    std::string out, err;
};

Outcome run(const std::vector<std::string>& args) {
    Expected<CommandLine> cl = parseCommandLine(args);
    REQUIRE(cl.hasValue());
    std::ostringstream out, err;
    const int code = runAdminCommand(*cl, out, err);
    return {code, out.str(), err.str()};
}

// A state directory holding one submitted application, YM0001.
void seedApplication(const std::string& stateDir) {
    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(stateDir);
    REQUIRE(store.hasValue());
    NewApplication a;
    a.receiptNo = "YM0001";
    a.queryCode = "123456";
    a.itemId = "pension-enrolment";
    a.itemName = "城乡居民基本养老保险参保登记";
    a.department = "县人力资源和社会保障局";
    a.submittedAt = "2026-11-29T06:30:00Z";
    a.applicant = {{"name", "张三"}, {"idNumber", validIdNumber()}};
    REQUIRE((*store)
                ->createApplication({"kiosk-0001", "applications", "key-1", "fp"}, a,
                                    [](const std::string&, const std::string&) { return std::string("{}"); })
                .hasValue());
}

}  // namespace

TEST_CASE("advance moves an application and refuses an illegal move with exit code 1", "[admin]") {
    TempDir dir;
    const std::string state = dir / "state";
    seedApplication(state);

    const Outcome accepted = run({"--state", state, "advance", "YM0001", "accepted"});
    CHECK(accepted.exitCode == 0);
    CHECK(accepted.out.find("已受理") != std::string::npos);

    const Outcome skipped = run({"--state", state, "advance", "YM0001", "completed"});
    CHECK(skipped.exitCode == 1);
    CHECK(skipped.err.find("cannot move from accepted") != std::string::npos);

    const Outcome unknown = run({"--state", state, "advance", "YM0404", "accepted"});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.find("YM0404") != std::string::npos);
}

TEST_CASE("advance to rejected needs a reason", "[admin]") {
    TempDir dir;
    const std::string state = dir / "state";
    seedApplication(state);
    const Outcome withoutReason = run({"--state", state, "advance", "YM0001", "rejected"});
    CHECK(withoutReason.exitCode == 1);
    CHECK(withoutReason.err.find("reason") != std::string::npos);
    CHECK(run({"--state", state, "advance", "YM0001", "rejected", "--reason", "不在本县户籍"}).exitCode == 0);
}

TEST_CASE("issue-kiosk signs the kiosk's CSR, keeps no key of it, and never replaces a certificate",
          "[admin]") {
    TempDir dir;
    const std::string state = dir / "state";
    REQUIRE(network::writeKeyAndCsr(dir / "kiosk", "kiosk-0002").hasValue());
    const std::string csr = dir / "kiosk/kiosk-0002.csr";
    const Outcome issued =
        run({"--state", state, "issue-kiosk", "kiosk-0002", "--terminal", "2", "--csr", csr});
    CHECK(issued.exitCode == 0);
    CHECK(issued.out.find("90 days") != std::string::npos);
    CHECK(std::filesystem::exists(state + "/pki/kiosk-0002.crt"));
    CHECK_FALSE(std::filesystem::exists(state + "/pki/kiosk-0002.key"));
    const Outcome again =
        run({"--state", state, "issue-kiosk", "kiosk-0002", "--terminal", "2", "--csr", csr});
    CHECK(again.exitCode == 1);
    CHECK(again.err.find("already exists") != std::string::npos);
}

TEST_CASE("issue-kiosk registers the kiosk's terminal and refuses one that is taken", "[admin]") {
    TempDir dir;
    const std::string state = dir / "state";
    REQUIRE(network::writeKeyAndCsr(dir / "kiosk", "kiosk-0002").hasValue());
    REQUIRE(network::writeKeyAndCsr(dir / "kiosk", "kiosk-0003").hasValue());
    REQUIRE(network::writeKeyAndCsr(dir / "kiosk", "kiosk-0001").hasValue());
    const std::string csr2 = dir / "kiosk/kiosk-0002.csr", csr3 = dir / "kiosk/kiosk-0003.csr";
    REQUIRE(run({"--state", state, "issue-kiosk", "kiosk-0001", "--terminal", "1", "--csr",
                 dir / "kiosk/kiosk-0001.csr"})
                .exitCode == 0);
    const Outcome first =
        run({"--state", state, "issue-kiosk", "kiosk-0002", "--terminal", "2", "--csr", csr2});
    REQUIRE(first.exitCode == 0);
    CHECK(first.out.find("kiosk-0002 is terminal 2") != std::string::npos);

    // Terminal 1 is the first kiosk's, registered when it was enrolled.
    const Outcome takenByFirst =
        run({"--state", state, "issue-kiosk", "kiosk-0003", "--terminal", "1", "--csr", csr3});
    CHECK(takenByFirst.exitCode == 1);
    CHECK(takenByFirst.err.find("terminal 1 already belongs to kiosk-0001") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(state + "/pki/kiosk-0003.crt"));

    const Outcome secondNumber =
        run({"--state", state, "issue-kiosk", "kiosk-0002", "--terminal", "3", "--csr", csr2});
    CHECK(secondNumber.exitCode == 1);
    CHECK(secondNumber.err.find("already registered as terminal 2") != std::string::npos);

    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(state);
    REQUIRE(store.hasValue());
    CHECK((*store)->terminalOf("kiosk-0002")->value_or(0) == 2);
    CHECK_FALSE((*store)->terminalOf("kiosk-0003")->has_value());
}

TEST_CASE("purge-personal empties the personal fields of long-closed applications only", "[admin]") {
    TempDir dir;
    const std::string state = dir / "state";
    seedApplication(state);
    REQUIRE(run({"--state", state, "advance", "YM0001", "rejected", "--reason", "不在本县户籍"}).exitCode ==
            0);

    const Outcome recent = run({"--state", state, "purge-personal"});
    CHECK(recent.exitCode == 0);
    CHECK(recent.out.find("purged the personal data of 0 applications") != std::string::npos);
    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(state);
    REQUIRE(store.hasValue());
    CHECK((*store)->application("YM0001")->applicant.count("name") == 1);
}

TEST_CASE("list shows each application with its status and a masked ID number only", "[admin]") {
    TempDir dir;
    const std::string state = dir / "state";
    seedApplication(state);
    const Outcome listed = run({"--state", state, "list"});
    CHECK(listed.exitCode == 0);
    CHECK(listed.out.find("YM0001") != std::string::npos);
    CHECK(listed.out.find("pension-enrolment") != std::string::npos);
    CHECK(listed.out.find("已提交") != std::string::npos);
    CHECK(listed.out.find("1101**********") != std::string::npos);
    CHECK(listed.out.find(validIdNumber()) == std::string::npos);
    CHECK(listed.out.find("张三") == std::string::npos);
}

TEST_CASE("any first command creates the PKI and the database, and no kiosk's key", "[admin]") {
    TempDir dir;
    const std::string state = dir / "fresh";
    CHECK(run({"--state", state, "list"}).exitCode == 0);
    for (const char* file : {"pki/ca.crt", "root-ca/ca.key", "pki/issuing.crt", "pki/server.crt",
                             "pki/server.key", "platform.db"})
        CHECK(std::filesystem::exists(state + "/" + file));
    // Every kiosk makes its own key (yimen-kiosk --make-csr); the platform only ever sees its CSR.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(state)) {
        const std::string name = entry.path().filename().string();
        CHECK_FALSE((name.rfind("kiosk-", 0) == 0 && entry.path().extension() == ".key"));
    }
}
