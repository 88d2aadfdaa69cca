// The simulated ID-card reader: fictional identities from a JSON file, "inserted" and "removed" by tests and
// demos. A read goes through the real GA 467 reader (SamIdCardReader over StreamSamTransport) talking to a
// simulated SAM module (sim_sam_module.h), so the demo runs the same frame, status and text-block code as a
// terminal with a real reader.
#pragma once

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/id_card_reader.h"
#include "drivers/idcard/sam_id_card_reader.h"
#include "common/identity.h"
#include "drivers/sim/sim_sam_module.h"

namespace yimen::drivers::sim {

// The identities in `path`: {"identities": [{"kind", "name", "sex", "nation", "birthDate", "address",
// "idNumber", "issuer", "validFrom", "validTo"}, ...]}. "kind" (resident, foreignerPermanent2017,
// foreignerPermanent2023, hkMacauTaiwanPermit) defaults to resident; "nation" is required for residents.
// Every card must be one a real reader could return: sex 男/女/未知, dates YYYY-MM-DD (validTo may be 长期),
// an 18-character number that passes GB 11643 (foreignerPermanent2017 numbers are 15 characters), and for
// residents a number whose birth date and sex digit agree with the card. Errors: io (cannot read),
// invalidInput (not JSON, or which card and field is wrong; the message never quotes personal data). Any
// thread.
[[nodiscard]] Expected<std::vector<Identity>> loadIdentities(const std::filesystem::path& path);

// readCard() returns what the real reader reads from the inserted card (the identity as loaded, with a
// stand-in photo when it has none), nothing when no card is inserted, or the fault set by setFault().
// Thread-safe; readCard never waits on a device. The identities are wiped when the reader is destroyed.
class SimIdCardReader final : public IdCardReader {
public:
    SimIdCardReader();
    explicit SimIdCardReader(std::vector<Identity> identities);
    ~SimIdCardReader() override;
    SimIdCardReader(const SimIdCardReader&) = delete;
    SimIdCardReader& operator=(const SimIdCardReader&) = delete;

    // Replaces the identities with those in `path` and removes any inserted card. On error nothing changes.
    [[nodiscard]] Status load(const std::filesystem::path& path);
    std::size_t identityCount() const;

    // Places card `index` on the reader. Errors: notFound when there is no such card, invalidInput when the
    // identity cannot be laid out as a card (cardOf).
    [[nodiscard]] Status insert(std::size_t index);
    void remove();
    // While set, readCard() returns this error (a broken reader, a card taken away mid-read).
    void setFault(std::optional<Error> fault);

    [[nodiscard]] Expected<std::optional<Identity>> readCard() override;

private:
    mutable std::mutex mutex_;
    std::vector<Identity> identities_;
    std::optional<Error> fault_;
    SimSamModule module_;
    idcard::SamIdCardReader reader_;  // after module_: it talks to it
};

}  // namespace yimen::drivers::sim
