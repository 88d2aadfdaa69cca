// Test enrolment through the same calls as the kiosk's --make-csr and the platform's issue-kiosk.
#include "tests/platform/support/kiosk_enrolment.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "network/kiosk_identity.h"
#include "platform/admin_commands.h"
#include "platform/state_dir.h"

namespace yimen::testing {
namespace {

std::string fileContent(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The kiosk's side: DIR/ID.key and DIR/ID.csr.
std::string makeCsr(const std::string& kioskDir, const std::string& kioskId) {
    if (Status s = network::writeKeyAndCsr(kioskDir, kioskId); !s)
        throw std::runtime_error("making the key and CSR of " + kioskId + ": " + s.error().describe());
    return kioskDir + "/" + kioskId + ".csr";
}

EnrolledKiosk enrolled(const std::string& kioskDir, const std::string& kioskId) {
    EnrolledKiosk kiosk{kioskDir + "/" + kioskId + ".crt", kioskDir + "/" + kioskId + ".key", {}};
    Expected<std::string> serial = platform::pki::serialOfFile(kiosk.certFile);
    if (!serial)
        throw std::runtime_error("reading " + kiosk.certFile + ": " + serial.error().describe());
    kiosk.serial = *serial;
    return kiosk;
}

}  // namespace

EnrolledKiosk enrolKiosk(const std::string& stateDir, const std::string& kioskDir, const std::string& kioskId,
                         int terminal) {
    std::error_code ec;
    if (std::filesystem::exists(kioskDir + "/" + kioskId + ".crt", ec) &&
        std::filesystem::exists(kioskDir + "/" + kioskId + ".key", ec))
        return enrolled(kioskDir, kioskId);
    platform::CommandLine cl;
    cl.command = platform::CommandLine::Command::issueKiosk;
    cl.stateDir = stateDir;
    cl.kioskId = kioskId;
    cl.terminalNumber = terminal;
    cl.csrFile = makeCsr(kioskDir, kioskId);
    std::ostringstream out, err;
    if (platform::runAdminCommand(cl, out, err) != 0)
        throw std::runtime_error("issue-kiosk " + kioskId + ": " + err.str());
    std::filesystem::copy_file(platform::pkiDir(stateDir) + "/" + kioskId + ".crt",
                               kioskDir + "/" + kioskId + ".crt",
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec)
        throw std::runtime_error("copying the certificate of " + kioskId + ": " + ec.message());
    return enrolled(kioskDir, kioskId);
}

EnrolledKiosk signKioskCertificate(const std::string& caCrt, const std::string& caKey,
                                   const std::string& kioskDir, const std::string& kioskId,
                                   platform::pki::Validity validity) {
    const std::string csr = fileContent(makeCsr(kioskDir, kioskId));
    Expected<std::unique_ptr<platform::pki::Issuer>> issuer = platform::pki::Issuer::load(caCrt, caKey);
    if (!issuer)
        throw std::runtime_error("loading the CA " + caCrt + ": " + issuer.error().describe());
    Expected<platform::pki::IssuedCertificate> issued = (*issuer)->signKioskCsr(csr, kioskId, validity);
    if (!issued)
        throw std::runtime_error("signing the CSR of " + kioskId + ": " + issued.error().describe());
    std::ofstream(kioskDir + "/" + kioskId + ".crt", std::ios::binary) << issued->pem;
    return enrolled(kioskDir, kioskId);
}

}  // namespace yimen::testing
