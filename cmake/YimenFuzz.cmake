# YimenFuzz: the "Fuzz" build type and yimen_fuzz_target(), which builds one fuzz source as a libFuzzer binary
# under Clang or as a seed-corpus replay test under any other compiler.
#
#   yimen_fuzz_target(NAME SOURCE CORPUS_DIR LIBS...)
#     NAME        target name, e.g. sam_frame_fuzz
#     SOURCE      one file defining extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t)
#     CORPUS_DIR  seed inputs (a directory of files, kept in the source tree, never written to)
#     LIBS        what the target links (the pure library it fuzzes, ideally nothing else)
#
# Under Clang the target is a libFuzzer binary (compiled and linked with -fsanitize=fuzzer) and a ctest test
# `<NAME>_replays_seed_corpus` runs it once over the seeds (-runs=0). Under gcc it is linked with
# tests/fuzz/replay_main.cpp and the same test replays every seed and its prefixes. Every target is added to
# the `yimen_fuzzers` target and to `<build>/fuzz_targets.tsv` (name, binary, corpus), which
# tests/fuzz/run_fuzzers.sh reads.
#
# The Fuzz build type (clang only): cmake -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_COMPILER=clang-14
# -DCMAKE_CXX_COMPILER=clang++-14 instruments every library for coverage, ASan and UBSan, so the fuzzers see
# into the code they call. tests/fuzz/run_fuzzers.sh does this in a build directory of its own.
include_guard(GLOBAL)

set(CMAKE_CXX_FLAGS_FUZZ
    "-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    CACHE STRING "Flags for the Fuzz build type (clang only)" FORCE)
set(CMAKE_C_FLAGS_FUZZ "${CMAKE_CXX_FLAGS_FUZZ}" CACHE STRING "Flags for the Fuzz build type (clang only)" FORCE)
set(CMAKE_EXE_LINKER_FLAGS_FUZZ "-fsanitize=address,undefined" CACHE STRING "" FORCE)
set(CMAKE_SHARED_LINKER_FLAGS_FUZZ "-fsanitize=address,undefined" CACHE STRING "" FORCE)
mark_as_advanced(CMAKE_CXX_FLAGS_FUZZ CMAKE_C_FLAGS_FUZZ CMAKE_EXE_LINKER_FLAGS_FUZZ CMAKE_SHARED_LINKER_FLAGS_FUZZ)

if(CMAKE_BUILD_TYPE STREQUAL "Fuzz" AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "The Fuzz build type needs clang (CC=clang-14 CXX=clang++-14); found ${CMAKE_CXX_COMPILER_ID}")
endif()

function(yimen_fuzz_target name source corpus_dir)
  cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  cmake_path(ABSOLUTE_PATH corpus_dir BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  if(NOT IS_DIRECTORY "${corpus_dir}")
    message(FATAL_ERROR "yimen_fuzz_target(${name}): the seed corpus ${corpus_dir} is not a directory")
  endif()

  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_executable(${name} "${source}")
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    add_test(NAME ${name}_replays_seed_corpus COMMAND ${name} -runs=0 "${corpus_dir}")
  else()
    add_executable(${name} "${source}" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../tests/fuzz/replay_main.cpp")
    add_test(NAME ${name}_replays_seed_corpus COMMAND ${name} "${corpus_dir}")
  endif()
  target_link_libraries(${name} PRIVATE ${ARGN} yimen_warnings)
  set_tests_properties(${name}_replays_seed_corpus PROPERTIES LABELS "replay" TIMEOUT 120)

  if(NOT TARGET yimen_fuzzers)
    add_custom_target(yimen_fuzzers)
  endif()
  add_dependencies(yimen_fuzzers ${name})
  set_property(GLOBAL APPEND PROPERTY YIMEN_FUZZ_MANIFEST_LINES "${name}\t$<TARGET_FILE:${name}>\t${corpus_dir}")
endfunction()

# Writes the manifest once every directory has been read.
function(_yimen_fuzz_write_manifest)
  get_property(lines GLOBAL PROPERTY YIMEN_FUZZ_MANIFEST_LINES)
  list(JOIN lines "\n" content)
  file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/fuzz_targets.tsv" CONTENT "${content}\n")
endfunction()
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _yimen_fuzz_write_manifest)
