// The wording of a decoding fault.
#include "common/api/decoding.h"

namespace yimen::api {

std::string FieldFault::describe() const {
    if (field.empty())
        return "the body " + problem;
    return "\"" + field + "\" " + problem;
}

}  // namespace yimen::api
