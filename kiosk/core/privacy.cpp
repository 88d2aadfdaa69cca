// Wiping personal data from memory.
#include "kiosk/core/privacy.h"

namespace yimen::kiosk {

void secureClear(std::string& s) {
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) p[i] = 0;
    s.clear();
    s.shrink_to_fit();
}

void secureClear(std::map<std::string, std::string>& m) {
    for (auto& [key, value] : m) secureClear(value);
    m.clear();
}

void wipeCarried(ReceiptInfo& receipt) {
    secureClear(receipt.queryCode);
    secureClear(receipt.maskedIdNumber);
}

void wipeCarried(Event& event) {
    if (auto* card = std::get_if<ev::CardRead>(&event))
        card->identity.wipe();
    else if (auto* input = std::get_if<ev::Input>(&event))
        secureClear(input->value);
    else if (auto* queued = std::get_if<ev::ApplicationQueued>(&event))
        wipeCarried(queued->receipt);
    else if (auto* scanned = std::get_if<ev::Scanned>(&event))
        secureClear(scanned->text);  // a receipt's code carries its query code
}

void wipeCarried(Effect& effect) {
    if (auto* commit = std::get_if<fx::CommitApplication>(&effect)) {
        commit->applicant.wipe();
        secureClear(commit->answers);
    } else if (auto* print = std::get_if<fx::PrintReceipt>(&effect)) {
        wipeCarried(print->receipt);
    } else if (auto* lookup = std::get_if<fx::LookUpApplication>(&effect)) {
        secureClear(lookup->queryCode);
    }
}

}  // namespace yimen::kiosk
