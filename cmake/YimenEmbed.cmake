# yimen_embed_file(OUTPUT out.cpp INPUT file SYMBOL name NAMESPACE ns): generates out.cpp defining
# `std::string_view ns::name()` with the bytes of `file`, rebuilt when the file changes. Add out.cpp to a target.
function(yimen_embed_file)
  cmake_parse_arguments(ARG "" "OUTPUT;INPUT;SYMBOL;NAMESPACE" "" ${ARGN})
  get_filename_component(inputName ${ARG_INPUT} NAME)
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${ARG_INPUT} -DOUTPUT=${ARG_OUTPUT} -DSYMBOL=${ARG_SYMBOL}
            -DNAMESPACE=${ARG_NAMESPACE} -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS ${ARG_INPUT} ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    COMMENT "Embedding ${inputName}"
    VERBATIM)
endfunction()
