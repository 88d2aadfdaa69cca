// A test that cannot run on this machine says why and ends; CTest then reports it as skipped, never as passed.
//
// Every test executable is registered through yimen_discover_tests (cmake/YimenTests.cmake), which marks a test
// skipped when its output carries the line this macro prints. Use it only for what this machine lacks (a device,
// a package, a display), never to step around a failure.
#pragma once

#include <iostream>

// Prints "YIMEN-SKIPPED: <reason>" and returns from the test case.
#define YIMEN_SKIP(reason)                                                                                            \
    do {                                                                                                              \
        std::cout << "YIMEN-SKIPPED: " << reason << std::endl;                                                        \
        return;                                                                                                       \
    } while (false)
