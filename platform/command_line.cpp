// Argument parsing for yimen-platform, without global state so that it can be tested.
#include "platform/command_line.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "platform/query_throttle.h"

namespace yimen::platform {
namespace {

Expected<int> parseInt(const std::string& text, const std::string& option, int min, int max) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return fail(ErrorCode::invalidInput, option + " needs a whole number from " + std::to_string(min) +
                                                 " to " + std::to_string(max) + ", not '" + text + "'");
    return value;
}

Status parseListen(const std::string& text, CommandLine& cl) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return fail(ErrorCode::invalidInput,
                    "--listen needs HOST:PORT, e.g. 127.0.0.1:8443, not '" + text + "'");
    Expected<int> port = parseInt(text.substr(colon + 1), "--listen", 0, 65535);
    if (!port)
        return fail(port.error());
    cl.host = text.substr(0, colon);
    if (cl.host.size() > 2 && cl.host.front() == '[' && cl.host.back() == ']')
        cl.host = cl.host.substr(1, cl.host.size() - 2);
    cl.port = static_cast<unsigned short>(*port);
    return {};
}

}  // namespace

bool isKioskId(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::isalnum(static_cast<unsigned char>(id.front())) &&
           std::all_of(id.begin(), id.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

std::string usage() {
    return std::string("yimen-platform: the reference central platform of the Yimen kiosks.\n") +
           "\n"
           "Usage:\n"
           "  yimen-platform --state DIR [--listen 127.0.0.1:8443] [--threads N]\n"
           "                 [--simulate-departments SECONDS] [--catalog FILE] [--retain-personal-days N]\n"
           "      Serve the v1 API over HTTPS with mutual TLS until Ctrl-C or SIGTERM.\n"
           "  yimen-platform --state DIR advance RECEIPTNO accepted|reviewing|completed|rejected [--reason "
           "TEXT]\n"
           "      Move an application, as its department would. rejected needs --reason.\n"
           "  yimen-platform --state DIR issue-kiosk KIOSK-ID --terminal N --csr FILE [--kiosk-cert-days N]\n"
           "      Register another kiosk as terminal N (1-9999, the number in its receipt numbers; one\n"
           "      terminal per kiosk) and sign its CSR (made on the kiosk: yimen-kiosk --make-csr) into\n"
           "      DIR/pki/KIOSK-ID.crt.\n"
           "  yimen-platform --state DIR revoke KIOSK-ID|SERIAL\n"
           "      Revoke a kiosk's certificates (or one by serial); the server refuses them from then on.\n"
           "  yimen-platform --state DIR list\n"
           "      List the applications (receipt, item, status, masked ID number).\n"
           "  yimen-platform --state DIR purge-personal [--retain-personal-days N]\n"
           "      Purge the applicant and answers of applications closed (completed or rejected) more\n"
           "      than N days ago; the receipt, the item and the timeline stay.\n"
           "  yimen-platform --help\n"
           "\n"
           "On first use DIR gets pki/ (ca.crt, issuing.crt, server.crt and their keys; no kiosk's key: "
           "each\n"
           "kiosk makes its own), root-ca/ca.key (the root CA's key: keep it offline; the server never reads "
           "it) and platform.db.\n"
           "--simulate-departments SECONDS: every SECONDS each open application moves one step\n"
           "(submitted -> accepted -> reviewing -> completed).\n"
           "--catalog FILE: serve the catalog in FILE instead of the built-in one.\n"
           "--retain-personal-days N: keep the personal data of a closed application N days (default " +
           std::to_string(kDefaultRetainPersonalDays) +
           ");\n"
           "the server purges older ones at start and once a day.\n"
           "--kiosk-cert-days N: how long a kiosk certificate issued or renewed lives (default 90).\n"
           "DIR and platform.db are the owner's only (0700, 0600); looser modes are tightened at start.\n"
           "Tracking an application answers 429 too_many_attempts (with Retry-After) after " +
           std::to_string(kFailedLookupsPerReceipt) + " failed lookups of one receipt\nor " +
           std::to_string(kFailedLookupsPerKiosk) + " by one kiosk within " +
           std::to_string(kLookupWindow.count()) + " minutes (a wrong query code or an unknown receipt).\n";
}

Expected<CommandLine> parseCommandLine(const std::vector<std::string>& args) {
    CommandLine cl;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            cl.command = CommandLine::Command::help;
            return cl;
        }
        const bool takesValue = arg == "--state" || arg == "--listen" || arg == "--threads" ||
                                arg == "--simulate-departments" || arg == "--catalog" || arg == "--reason" ||
                                arg == "--terminal" || arg == "--retain-personal-days" || arg == "--csr" ||
                                arg == "--kiosk-cert-days";
        if (!takesValue) {
            if (arg.size() > 1 && arg[0] == '-')
                return fail(ErrorCode::invalidInput, "unknown option " + arg);
            positional.push_back(arg);
            continue;
        }
        if (i + 1 >= args.size())
            return fail(ErrorCode::invalidInput, arg + " needs a value");
        const std::string& value = args[++i];
        if (arg == "--state") {
            cl.stateDir = value;
        } else if (arg == "--listen") {
            if (Status s = parseListen(value, cl); !s)
                return fail(s.error());
        } else if (arg == "--threads") {
            Expected<int> n = parseInt(value, arg, 1, 64);
            if (!n)
                return fail(n.error());
            cl.threads = *n;
        } else if (arg == "--simulate-departments") {
            Expected<int> n = parseInt(value, arg, 1, 24 * 3600);
            if (!n)
                return fail(n.error());
            cl.simulateDepartmentsSeconds = *n;
        } else if (arg == "--catalog") {
            cl.catalogFile = value;
        } else if (arg == "--terminal") {
            Expected<int> n = parseInt(value, arg, 1, 9999);
            if (!n)
                return fail(n.error());
            cl.terminalNumber = *n;
        } else if (arg == "--retain-personal-days") {
            Expected<int> n = parseInt(value, arg, 1, 100 * 366);
            if (!n)
                return fail(n.error());
            cl.retainPersonalDays = *n;
        } else if (arg == "--csr") {
            cl.csrFile = value;
        } else if (arg == "--kiosk-cert-days") {
            Expected<int> n = parseInt(value, arg, 1, 825);
            if (!n)
                return fail(n.error());
            cl.kioskCertificateDays = *n;
        } else {
            cl.reason = value;
        }
    }

    if (cl.stateDir.empty())
        return fail(ErrorCode::invalidInput, "--state DIR is required (see --help)");
    const std::string command = positional.empty() ? "serve" : positional.front();
    const std::size_t operands = positional.empty() ? 0 : positional.size() - 1;
    auto expectOperands = [&](std::size_t n, const char* shape) -> Status {
        if (operands != n)
            return fail(ErrorCode::invalidInput, std::string("usage: yimen-platform --state DIR ") + shape);
        return {};
    };
    if (command == "serve") {
        cl.command = CommandLine::Command::serve;
        if (Status s = expectOperands(0, "[serve] [--listen HOST:PORT]"); !s)
            return fail(s.error());
    } else if (command == "advance") {
        cl.command = CommandLine::Command::advance;
        if (Status s =
                expectOperands(2, "advance RECEIPTNO accepted|reviewing|completed|rejected [--reason TEXT]");
            !s)
            return fail(s.error());
        cl.receiptNo = positional[1];
        cl.toStatus = positional[2];
    } else if (command == "issue-kiosk") {
        cl.command = CommandLine::Command::issueKiosk;
        if (Status s = expectOperands(1, "issue-kiosk KIOSK-ID --terminal N --csr FILE"); !s)
            return fail(s.error());
        cl.kioskId = positional[1];
        if (!isKioskId(cl.kioskId))
            return fail(ErrorCode::invalidInput,
                        "a kiosk id is letters, digits and '-' (e.g. kiosk-0002), not '" + cl.kioskId + "'");
        if (cl.terminalNumber == 0)
            return fail(ErrorCode::invalidInput,
                        "issue-kiosk needs --terminal N: the kiosk's terminal number (1-9999) in its receipt "
                        "numbers");
        if (cl.csrFile.empty())
            return fail(ErrorCode::invalidInput,
                        "issue-kiosk needs --csr FILE: the kiosk makes its own key "
                        "(yimen-kiosk --make-csr DIR KIOSK-ID)");
    } else if (command == "revoke") {
        cl.command = CommandLine::Command::revoke;
        if (Status s = expectOperands(1, "revoke KIOSK-ID|SERIAL"); !s)
            return fail(s.error());
        cl.kioskId = positional[1];
    } else if (command == "list") {
        cl.command = CommandLine::Command::list;
        if (Status s = expectOperands(0, "list"); !s)
            return fail(s.error());
    } else if (command == "purge-personal") {
        cl.command = CommandLine::Command::purgePersonal;
        if (Status s = expectOperands(0, "purge-personal [--retain-personal-days N]"); !s)
            return fail(s.error());
    } else {
        return fail(ErrorCode::invalidInput, "unknown command '" + command + "' (see --help)");
    }
    if (!cl.reason.empty() && cl.command != CommandLine::Command::advance)
        return fail(ErrorCode::invalidInput, "--reason belongs to the advance command");
    if (cl.terminalNumber != 0 && cl.command != CommandLine::Command::issueKiosk)
        return fail(ErrorCode::invalidInput, "--terminal belongs to the issue-kiosk command");
    if (!cl.csrFile.empty() && cl.command != CommandLine::Command::issueKiosk)
        return fail(ErrorCode::invalidInput, "--csr belongs to the issue-kiosk command");
    return cl;
}

}  // namespace yimen::platform
