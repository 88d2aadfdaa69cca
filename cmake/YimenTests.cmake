# How test executables become CTest tests. A test that cannot run here prints "YIMEN-SKIPPED: <reason>"
# (tests/support/skip.h); CTest then reports it as skipped with that reason, and the summary counts it.
set(YIMEN_SKIP_REGEX "YIMEN-SKIPPED:")

# yimen_discover_tests(TARGET [PROPERTIES name value ...]): catch_discover_tests with the skip rule added.
function(yimen_discover_tests target)
  cmake_parse_arguments(arg "" "" "PROPERTIES" ${ARGN})
  catch_discover_tests(${target} PROPERTIES ${arg_PROPERTIES} SKIP_REGULAR_EXPRESSION "${YIMEN_SKIP_REGEX}")
endfunction()

# yimen_skipped_test(NAME REASON): registers a test that reports itself skipped, for a test this machine cannot
# build or run at all (a missing tool), so that it shows in the summary instead of vanishing from it.
function(yimen_skipped_test name reason)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -E echo "YIMEN-SKIPPED: ${reason}")
  set_tests_properties(${name} PROPERTIES SKIP_REGULAR_EXPRESSION "${YIMEN_SKIP_REGEX}")
endfunction()
