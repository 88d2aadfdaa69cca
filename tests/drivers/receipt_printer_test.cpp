// Tests for drivers/receipt_printer.cpp: the printer status in words.
#include "drivers/receipt_printer.h"

#include <catch2/catch.hpp>

using yimen::drivers::PrinterStatus;

TEST_CASE("printer status is described in short Chinese for citizens and technicians") {
    struct Case {
        bool online, paperOut, paperNearEnd, coverOpen, error;
        const char* text;
    };
    const Case cases[] = {
        {true, false, false, false, false, "正常"},
        {true, true, false, false, false, "打印纸已用完"},
        {true, false, true, false, false, "打印纸将用完"},
        {true, false, false, true, false, "打印机盖未关好"},
        {false, false, false, false, false, "打印机离线"},
        {true, false, false, false, true, "打印机故障"},
        {true, true, false, true, false, "打印纸已用完，打印机盖未关好"},
        {true, false, true, true, true, "打印纸将用完，打印机盖未关好，打印机故障"},
        // Off-line because the cover is open: the cause is what helps.
        {false, false, false, true, false, "打印机盖未关好"},
        // Out of paper implies nearly out; saying both would confuse.
        {true, true, true, false, false, "打印纸已用完"},
    };
    for (const Case& c : cases) {
        PrinterStatus s;
        s.online = c.online;
        s.paperOut = c.paperOut;
        s.paperNearEnd = c.paperNearEnd;
        s.coverOpen = c.coverOpen;
        s.error = c.error;
        INFO(c.text);
        CHECK(s.describe() == c.text);
    }
}

TEST_CASE("a printer that is only nearly out of paper can still print") {
    PrinterStatus s;
    s.paperNearEnd = true;
    CHECK(s.canPrint());
}
