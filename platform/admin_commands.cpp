// advance, issue-kiosk, revoke, list and purge-personal: the departments' and the operator's tools, working on
// the state directory directly, also while the server runs (SQLite WAL lets both use the database).
#include "platform/admin_commands.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "platform/application_state.h"
#include "platform/pki.h"
#include "platform/revocation.h"
#include "platform/state_dir.h"

namespace yimen::platform {
namespace {

int advance(ApplicationStore& store, const CommandLine& cl, std::ostream& out, std::ostream& err) {
    if (Status s = store.advance(cl.receiptNo, cl.toStatus, cl.reason); !s) {
        err << "yimen-platform: cannot advance " << cl.receiptNo << ": " << s.error().message << "\n";
        return 1;
    }
    const auto state = parseApplicationState(cl.toStatus);
    out << cl.receiptNo << " is now " << cl.toStatus << " (" << (state ? displayText(*state) : "") << ")\n";
    return 0;
}

// Registers first: a terminal number taken by another kiosk must refuse the kiosk before it has a
// certificate. Registering the same pair again is harmless, so a failed issue can simply be retried.
int registerKiosk(ApplicationStore& store, const CommandLine& cl, std::ostream& out, std::ostream& err) {
    if (Status s = store.registerKiosk(cl.kioskId, cl.terminalNumber); !s) {
        err << "yimen-platform: cannot register " << cl.kioskId << " as terminal " << cl.terminalNumber
            << ": " << s.error().message << "\n";
        return 1;
    }
    out << cl.kioskId << " is terminal " << cl.terminalNumber << "\n";
    return 0;
}

int issueKiosk(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    const std::string dir = pkiDir(cl.stateDir);
    const std::string crt = dir + "/" + cl.kioskId + ".crt";
    std::error_code ec;
    if (std::filesystem::exists(crt, ec)) {
        err << "yimen-platform: " << crt << " already exists; a kiosk renews its certificate over its link "
            << "(remove the old file first to enrol it again)\n";
        return 1;
    }
    std::ifstream in(cl.csrFile, std::ios::binary);
    const std::string csr((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Expected<std::unique_ptr<pki::Issuer>> issuer =
        pki::Issuer::load(dir + "/issuing.crt", dir + "/issuing.key");
    Expected<pki::IssuedCertificate> issued =
        issuer ? (*issuer)->signKioskCsr(csr, cl.kioskId, pki::kioskValidity(cl.kioskCertificateDays))
               : Expected<pki::IssuedCertificate>(fail(issuer.error()));
    if (!in || !issued) {
        err << "yimen-platform: signing " << cl.csrFile << " for " << cl.kioskId << ": "
            << (in ? issued.error().message : "cannot read it") << "\n";
        return 1;
    }
    std::ofstream(crt, std::ios::binary) << issued->pem;
    if (Status s = recordIssued(dir, issued->serial, cl.kioskId); !s || !std::filesystem::exists(crt, ec)) {
        err << "yimen-platform: writing " << crt << ": " << (s ? "failed" : s.error().message) << "\n";
        return 1;
    }
    out << "issued " << crt << " (CN=" << cl.kioskId << ", serial " << issued->serial << ", "
        << cl.kioskCertificateDays << " days)\n";
    return 0;
}

int revokeCertificates(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    Expected<std::vector<std::string>> revoked = revoke(pkiDir(cl.stateDir), cl.kioskId);
    if (!revoked) {
        err << "yimen-platform: cannot revoke " << cl.kioskId << ": " << revoked.error().message << "\n";
        return 1;
    }
    for (const std::string& serial : *revoked) out << "revoked " << serial << "\n";
    if (revoked->empty())
        out << "nothing new to revoke for " << cl.kioskId << "\n";
    return 0;
}

int list(ApplicationStore& store, std::ostream& out, std::ostream& err) {
    Expected<std::vector<ApplicationSummary>> all = store.listApplications();
    if (!all) {
        err << "yimen-platform: " << all.error().message << "\n";
        return 1;
    }
    for (const ApplicationSummary& a : *all) {
        const auto state = parseApplicationState(a.status);
        out << a.receiptNo << "\t" << a.itemId << "\t" << a.itemName << "\t" << a.status << "\t"
            << (state ? displayText(*state) : "") << "\t" << a.maskedIdNumber << "\n";
    }
    return 0;
}

int purgePersonal(ApplicationStore& store, const CommandLine& cl, std::ostream& out, std::ostream& err) {
    Expected<int> purged = store.purgePersonalData(std::chrono::system_clock::now(), cl.retainPersonalDays);
    if (!purged) {
        err << "yimen-platform: purging personal data: " << purged.error().message << "\n";
        return 1;
    }
    out << "purged the personal data of " << *purged << " applications closed more than "
        << cl.retainPersonalDays << " days ago\n";
    return 0;
}

}  // namespace

int runAdminCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    if (cl.command == CommandLine::Command::help) {
        out << usage();
        return 0;
    }
    Expected<std::unique_ptr<ApplicationStore>> store = prepareStateDir(cl.stateDir);
    if (!store) {
        err << "yimen-platform: " << store.error().message << "\n";
        return 1;
    }
    switch (cl.command) {
    case CommandLine::Command::advance: return advance(**store, cl, out, err);
    case CommandLine::Command::issueKiosk:
        return registerKiosk(**store, cl, out, err) != 0 ? 1 : issueKiosk(cl, out, err);
    case CommandLine::Command::revoke: return revokeCertificates(cl, out, err);
    case CommandLine::Command::list: return list(**store, out, err);
    case CommandLine::Command::purgePersonal: return purgePersonal(**store, cl, out, err);
    case CommandLine::Command::serve:
    case CommandLine::Command::help: break;
    }
    err << "yimen-platform: serve is not an administrative command\n";
    return 1;
}

}  // namespace yimen::platform
