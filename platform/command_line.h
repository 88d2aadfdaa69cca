// yimen-platform's command line: which command, on which state directory, with which options.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::platform {

// How long the personal fields of a closed application are kept, unless --retain-personal-days says
// otherwise.
inline constexpr int kDefaultRetainPersonalDays = 180;

struct CommandLine {
    enum class Command { serve, advance, issueKiosk, revoke, list, purgePersonal, help };
    Command command = Command::serve;
    std::string stateDir;

    // serve
    std::string host = "127.0.0.1";
    unsigned short port = 8443;
    int threads = 2;
    int simulateDepartmentsSeconds = 0;  // 0 = departments do not move by themselves
    std::string catalogFile;             // empty = the built-in seed

    // serve, purge-personal: applicants and answers of applications closed longer than this are purged
    int retainPersonalDays = kDefaultRetainPersonalDays;

    // advance
    std::string receiptNo;
    std::string toStatus;
    std::string reason;

    // issue-kiosk (and revoke: a kiosk id or a certificate serial)
    std::string kioskId;
    int terminalNumber = 0;  // --terminal: the kiosk's number in its receipt numbers, 1..9999
    std::string csrFile;            // the kiosk's certificate signing request (PEM)
    int kioskCertificateDays = 90;  // issue-kiosk, and renewals while serving
};

// Parses the arguments after the program name. Options may come before or after the command.
// Errors: invalidInput, with a message that says what is wrong.
[[nodiscard]] Expected<CommandLine> parseCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string usage();

// A kiosk id usable as a certificate CN and a file name: letters, digits and '-', 1–64 characters,
// starting with a letter or digit.
bool isKioskId(const std::string& id);

}  // namespace yimen::platform
