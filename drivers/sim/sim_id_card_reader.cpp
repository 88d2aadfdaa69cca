// SimIdCardReader and loadIdentities: the identity file is checked as strictly as a card read would be.
#include "drivers/sim/sim_id_card_reader.h"

#include "drivers/idcard/stream_sam_transport.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "common/field_validation.h"
#include "common/id_number.h"

namespace yimen::drivers::sim {
namespace {

using nlohmann::json;

const char* problemName(IdNumberProblem p) {
    switch (p) {
    case IdNumberProblem::none: return "none";
    case IdNumberProblem::length: return "wrong length";
    case IdNumberProblem::characters: return "characters other than 17 digits and a digit or X";
    case IdNumberProblem::region: return "no region code";
    case IdNumberProblem::birthDate: return "impossible birth date";
    case IdNumberProblem::checkDigit: return "wrong check digit";
    }
    return "invalid";
}

std::optional<CardKind> kindFrom(const std::string& s) {
    if (s == "resident")
        return CardKind::resident;
    if (s == "foreignerPermanent2017")
        return CardKind::foreignerPermanent2017;
    if (s == "foreignerPermanent2023")
        return CardKind::foreignerPermanent2023;
    if (s == "hkMacauTaiwanPermit")
        return CardKind::hkMacauTaiwanPermit;
    return std::nullopt;
}

class CardReaderFile {
public:
    CardReaderFile(const json& card, std::size_t index)
        : card_(card), where_("card " + std::to_string(index + 1)) {}

    Expected<std::string> text(const char* field, bool required = true) const {
        const auto it = card_.find(field);
        if (it == card_.end()) {
            if (!required) {
                return std::string();
            }
            return fail(ErrorCode::invalidInput, where_ + ": \"" + field + "\" is missing");
        }
        if (!it->is_string()) {
            return fail(ErrorCode::invalidInput, where_ + ": \"" + field + "\" is not a string");
        }
        std::string value = it->get<std::string>();
        if (required && value.empty()) {
            return fail(ErrorCode::invalidInput, where_ + ": \"" + field + "\" is empty");
        }
        return value;
    }

    Unexpected wrong(const std::string& why) const {
        return fail(ErrorCode::invalidInput, where_ + ": " + why);
    }

    Expected<Identity> read() const {
        if (!card_.is_object()) {
            return wrong("not an object");
        }
        Identity id;
        auto kind = text("kind", false);
        if (!kind) {
            return kind.error();
        }
        if (!kind->empty()) {
            const auto k = kindFrom(*kind);
            if (!k) {
                return wrong("unknown \"kind\"");
            }
            id.kind = *k;
        }
        struct Field {
            const char* name;
            std::string* target;
            bool required;
        };
        const Field fields[] = {
            {"name", &id.name, true},
            {"sex", &id.sex, true},
            {"nation", &id.nation, id.kind == CardKind::resident},
            {"birthDate", &id.birthDate, true},
            {"address", &id.address, id.kind == CardKind::resident},
            {"idNumber", &id.idNumber, true},
            {"issuer", &id.issuer, true},
            {"validFrom", &id.validFrom, true},
            {"validTo", &id.validTo, true},
        };
        for (const Field& f : fields) {
            auto value = text(f.name, f.required);
            if (!value) {
                return value.error();
            }
            *f.target = std::move(*value);
        }
        if (id.sex != "男" && id.sex != "女" && id.sex != "未知") {
            return wrong("\"sex\" must be 男, 女 or 未知");
        }
        if (!isCalendarDate(id.birthDate)) {
            return wrong("\"birthDate\" is not a YYYY-MM-DD date");
        }
        if (!isCalendarDate(id.validFrom)) {
            return wrong("\"validFrom\" is not a YYYY-MM-DD date");
        }
        if (id.validTo != "长期" && !isCalendarDate(id.validTo)) {
            return wrong("\"validTo\" is neither a YYYY-MM-DD date nor 长期");
        }
        if (id.kind == CardKind::foreignerPermanent2017) {
            if (id.idNumber.size() != 15) {
                return wrong("\"idNumber\" of a 2017 permanent-residence card must have 15 characters");
            }
            return id;
        }
        if (const IdNumberProblem p = checkIdNumber(id.idNumber); p != IdNumberProblem::none) {
            return wrong(std::string("\"idNumber\" fails GB 11643: ") + problemName(p));
        }
        if (id.kind == CardKind::resident) {
            const std::string ymd =
                id.birthDate.substr(0, 4) + id.birthDate.substr(5, 2) + id.birthDate.substr(8, 2);
            if (id.idNumber.substr(6, 8) != ymd) {
                return wrong("\"idNumber\" and \"birthDate\" disagree");
            }
            const bool odd = (id.idNumber[16] - '0') % 2 == 1;
            if ((id.sex == "男" && !odd) || (id.sex == "女" && odd)) {
                return wrong("\"idNumber\" and \"sex\" disagree");
            }
        }
        return id;
    }

private:
    const json& card_;
    std::string where_;
};

}  // namespace

Expected<std::vector<Identity>> loadIdentities(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::io, "cannot read " + path.string());
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string context = "identity file " + path.string();
    json doc;
    try {
        doc = json::parse(buffer.str());
    } catch (const json::parse_error& e) {
        return fail(ErrorCode::invalidInput,
                    context + ": not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
    const auto list = doc.is_object() ? doc.find("identities") : doc.end();
    if (!doc.is_object() || list == doc.end() || !list->is_array()) {
        return fail(ErrorCode::invalidInput, context + ": expected {\"identities\": [...]}");
    }
    if (list->empty()) {
        return fail(ErrorCode::invalidInput, context + ": no identities");
    }
    std::vector<Identity> identities;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto id = CardReaderFile((*list)[i], i).read();
        if (!id) {
            for (Identity& done : identities) {
                done.wipe();
            }
            return std::move(id.error()).withContext(context);
        }
        identities.push_back(std::move(*id));
    }
    return identities;
}

namespace {

idcard::SamConnector connectTo(SimSamModule& module) {
    return [&module]() -> Expected<std::unique_ptr<idcard::SamTransport>> {
        return std::unique_ptr<idcard::SamTransport>(
            std::make_unique<idcard::StreamSamTransport>(module.openStream()));
    };
}

}  // namespace

SimIdCardReader::SimIdCardReader() : reader_(connectTo(module_)) {}

SimIdCardReader::SimIdCardReader(std::vector<Identity> identities)
    : identities_(std::move(identities)), reader_(connectTo(module_)) {}

SimIdCardReader::~SimIdCardReader() {
    for (Identity& id : identities_) {
        id.wipe();
    }
}

Status SimIdCardReader::load(const std::filesystem::path& path) {
    auto loaded = loadIdentities(path);
    if (!loaded) {
        return loaded.error();
    }
    std::lock_guard lock(mutex_);
    for (Identity& id : identities_) {
        id.wipe();
    }
    identities_ = std::move(*loaded);
    module_.lift();
    return {};
}

std::size_t SimIdCardReader::identityCount() const {
    std::lock_guard lock(mutex_);
    return identities_.size();
}

Status SimIdCardReader::insert(std::size_t index) {
    std::lock_guard lock(mutex_);
    if (index >= identities_.size()) {
        return fail(ErrorCode::notFound, "no card " + std::to_string(index) + " (the reader holds " +
                                             std::to_string(identities_.size()) + ")");
    }
    auto card = cardOf(identities_[index]);
    if (!card) {
        return fail(card.error());
    }
    module_.place(std::move(*card));
    return {};
}

void SimIdCardReader::remove() {
    module_.lift();
}

void SimIdCardReader::setFault(std::optional<Error> fault) {
    std::lock_guard lock(mutex_);
    fault_ = std::move(fault);
}

Expected<std::optional<Identity>> SimIdCardReader::readCard() {
    {
        std::lock_guard lock(mutex_);
        if (fault_) {
            return *fault_;
        }
    }
    return reader_.readCard();
}

}  // namespace yimen::drivers::sim
