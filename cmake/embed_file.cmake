# Writes a C++ source that defines `std::string_view NAMESPACE::SYMBOL()` holding the bytes of INPUT.
# Usage: cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -DNAMESPACE=yimen::x -P embed_file.cmake
# (yimen_embed_file in YimenEmbed.cmake adds the custom command).
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hexLength)
math(EXPR byteCount "${hexLength} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n    " bytes "${bytes}")
get_filename_component(inputName "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${inputName} by embed_file.cmake.
#include <string_view>

namespace ${NAMESPACE} {
namespace {
const char kBytes[${byteCount} + 1] = {
    ${bytes}'\\0'};
}  // namespace

std::string_view ${SYMBOL}() { return {kBytes, ${byteCount}}; }

}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
