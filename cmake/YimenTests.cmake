# How test executables become CTest tests. A test that cannot run here prints "YIMEN-SKIPPED: <reason>"
# (tests/support/skip.h); CTest then reports it as skipped with that reason, and the summary counts it.
set(YIMEN_SKIP_REGEX "YIMEN-SKIPPED:")

# yimen_discover_tests(TARGET [PROPERTIES name value ...]): catch_discover_tests with the skip rule added.
# The code under test is built as it ships; the test files themselves are optimised less in RelWithDebInfo,
# with line tables only (-O1 -g1 compiles them in about 60 % of the time of -O2 -g; they spend their time
# waiting, not computing, and a failure's stack still names files and lines).
function(yimen_discover_tests target)
  cmake_parse_arguments(arg "" "" "PROPERTIES" ${ARGN})
  target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo>:-O1 -g1>)
  catch_discover_tests(${target} PROPERTIES ${arg_PROPERTIES} SKIP_REGULAR_EXPRESSION "${YIMEN_SKIP_REGEX}")
endfunction()

# yimen_skipped_test(NAME REASON): registers a test that reports itself skipped, for a test this machine cannot
# build or run at all (a missing tool), so that it shows in the summary instead of vanishing from it.
function(yimen_skipped_test name reason)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -E echo "YIMEN-SKIPPED: ${reason}")
  set_tests_properties(${name} PROPERTIES SKIP_REGULAR_EXPRESSION "${YIMEN_SKIP_REGEX}")
endfunction()
