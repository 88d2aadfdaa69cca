// Tests of platform/command_line.cpp: what yimen-platform understands on its command line.
#include "platform/command_line.h"

#include <catch2/catch.hpp>

using namespace yimen;
using namespace yimen::platform;
using Command = CommandLine::Command;

namespace {

CommandLine parsed(const std::vector<std::string>& args) {
    Expected<CommandLine> cl = parseCommandLine(args);
    REQUIRE(cl.hasValue());
    return *cl;
}

std::string refusal(const std::vector<std::string>& args) {
    Expected<CommandLine> cl = parseCommandLine(args);
    REQUIRE_FALSE(cl.hasValue());
    return cl.error().message;
}

}  // namespace

TEST_CASE("serving is the default command and --listen sets address and port", "[cli]") {
    const CommandLine cl =
        parsed({"--state", "/tmp/s", "--listen", "127.0.0.1:9443", "--simulate-departments", "30"});
    CHECK(cl.command == Command::serve);
    CHECK(cl.stateDir == "/tmp/s");
    CHECK(cl.host == "127.0.0.1");
    CHECK(cl.port == 9443);
    CHECK(cl.simulateDepartmentsSeconds == 30);

    const CommandLine defaults = parsed({"--state", "/tmp/s"});
    CHECK(defaults.port == 8443);
    CHECK(defaults.simulateDepartmentsSeconds == 0);
}

TEST_CASE("advance takes a receipt, a status and an optional reason in any order", "[cli]") {
    const CommandLine cl =
        parsed({"advance", "YM0001", "rejected", "--reason", "材料不全", "--state", "/tmp/s"});
    CHECK(cl.command == Command::advance);
    CHECK(cl.receiptNo == "YM0001");
    CHECK(cl.toStatus == "rejected");
    CHECK(cl.reason == "材料不全");
}

TEST_CASE("issue-kiosk, revoke, list and purge-personal are understood, help needs nothing else", "[cli]") {
    const CommandLine issue =
        parsed({"--state", "d", "issue-kiosk", "kiosk-0002", "--terminal", "2", "--csr", "k.csr"});
    CHECK(issue.kioskId == "kiosk-0002");
    CHECK(issue.terminalNumber == 2);
    CHECK(issue.csrFile == "k.csr");
    CHECK(parsed({"--state", "d", "revoke", "kiosk-0002"}).command == Command::revoke);
    CHECK(refusal({"--state", "d", "issue-kiosk", "kiosk-0002", "--terminal", "2"}).find("--csr") !=
          std::string::npos);
    CHECK(parsed({"--state", "d", "list"}).command == Command::list);
    const CommandLine purge = parsed({"--state", "d", "purge-personal", "--retain-personal-days", "30"});
    CHECK(purge.command == Command::purgePersonal);
    CHECK(purge.retainPersonalDays == 30);
    CHECK(parsed({"--state", "d"}).retainPersonalDays == kDefaultRetainPersonalDays);
    CHECK(usage().find("--retain-personal-days N") != std::string::npos);
    CHECK(usage().find("issue-kiosk KIOSK-ID --terminal N") != std::string::npos);
    CHECK(parsed({"--help"}).command == Command::help);
    CHECK(usage().find("advance RECEIPTNO") != std::string::npos);
    CHECK(usage().find(
              "429 too_many_attempts (with Retry-After) after 5 failed lookups of one receipt\nor 20 by one "
              "kiosk within 15 minutes") != std::string::npos);
}

TEST_CASE("wrong command lines are refused with a message that says what is wrong", "[cli]") {
    CHECK(refusal({"list"}).find("--state") != std::string::npos);
    CHECK(refusal({"--state", "d", "--listen", "127.0.0.1"}).find("HOST:PORT") != std::string::npos);
    CHECK(refusal({"--state", "d", "--listen", "127.0.0.1:70000"}).find("--listen") != std::string::npos);
    CHECK(refusal({"--state", "d", "--simulate-departments", "soon"}).find("--simulate-departments") !=
          std::string::npos);
    CHECK(refusal({"--state", "d", "advance", "YM0001"}).find("advance RECEIPTNO") != std::string::npos);
    CHECK(refusal({"--state", "d", "issue-kiosk", "../../etc/passwd"}).find("kiosk id") != std::string::npos);
    CHECK(refusal({"--state", "d", "frobnicate"}).find("frobnicate") != std::string::npos);
    CHECK(refusal({"--state", "d", "--verbose"}).find("--verbose") != std::string::npos);
    CHECK(refusal({"--state"}).find("needs a value") != std::string::npos);
    CHECK(refusal({"--state", "d", "list", "--reason", "x"}).find("--reason") != std::string::npos);
    CHECK(refusal({"--state", "d", "issue-kiosk", "kiosk-0002"}).find("--terminal") != std::string::npos);
    CHECK(refusal({"--state", "d", "issue-kiosk", "kiosk-0002", "--terminal", "10000"}).find("1 to 9999") !=
          std::string::npos);
    CHECK(refusal({"--state", "d", "list", "--terminal", "2"}).find("--terminal") != std::string::npos);
    CHECK(refusal({"--state", "d", "--retain-personal-days", "0"}).find("--retain-personal-days") !=
          std::string::npos);
}
