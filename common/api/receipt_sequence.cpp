// The receipt sequence codec.
#include "common/api/receipt_sequence.h"

#include "common/api/json_fields.h"
#include "common/api/json_text.h"

namespace yimen::api {

std::string encodeReceiptSequence(const ReceiptSequence& s) {
    return dumpJson({{"terminalNumber", s.terminalNumber}, {"day", s.day}, {"lastSequence", s.lastSequence}});
}

Decoding<ReceiptSequence> decodeReceiptSequence(std::string_view body) {
    return fields::decodeText<ReceiptSequence>(
        body, [](const nlohmann::json& doc, ReceiptSequence& s) -> std::optional<FieldFault> {
            if (auto fault = fields::readInteger(doc, "lastSequence", s.lastSequence, true))
                return fault;
            if (auto fault = fields::readString(doc, "day", s.day, false))
                return fault;
            return fields::readInteger(doc, "terminalNumber", s.terminalNumber, false);
        });
}

}  // namespace yimen::api
