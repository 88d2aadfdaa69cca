// How a decoder of the API reports a body that does not have the contract's shape: the first field at fault.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "common/error.h"

namespace yimen::api {

// The first field of a body whose shape is wrong.
struct FieldFault {
    // The path of the field: "receiptNo", "applicant.idNumber", "answers.phone", "timeline[2].at", "tags[0]";
    // empty when the body itself is at fault (not a JSON object).
    std::string field;
    std::string problem;  // "is missing", "is not a string", "is not an integer", ...

    // "\"receiptNo\" is not a string"; "the body is not a JSON object".
    std::string describe() const;
    // invalidInput with describe() as its message.
    Error toError() const { return {ErrorCode::invalidInput, describe()}; }
};

// What a decoder read: every field before the fault (all of them when there is none), and the fault.
// Decoders read fields in a fixed order, stated in their header, so a caller with rules of its own can judge
// the fields read before the fault and then report the fault in its turn.
template <typename T>
struct Decoding {
    T value{};
    std::optional<FieldFault> fault;

    // The value, or invalidInput with the fault described.
    [[nodiscard]] Expected<T> result() && {
        if (fault)
            return fail(fault->toError());
        return std::move(value);
    }
};

}  // namespace yimen::api
