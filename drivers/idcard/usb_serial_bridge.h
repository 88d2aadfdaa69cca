// USB-serial bridge chips driven through libusb (instead of the kernel's ch341/cp210x/pl2303 drivers): the
// vendor control requests that set the line to 8N1 at a given speed and raise DTR and RTS.
#pragma once

#include <cstdint>
#include <optional>

#include "common/error.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::idcard {

enum class SerialBridge { ch341, cp210x, pl2303 };

const char* toString(SerialBridge bridge);

// The request sequences follow the Linux drivers (drivers/usb/serial/ch341.c, cp210x.c, pl2303.c):
//   CH340/CH341  READ_VERSION 0x5F; SERIAL_INIT 0xA1; WRITE_REG 0x9A of prescaler/divisor (0x1312, bit 7 set
//   on
//                chips newer than 0x27 so short replies are not held back for a full packet); WRITE_REG of
//                LCR (0x2518 = 0xC3: RX, TX, 8 bits) on chips 0x30 and newer; MODEM_CTRL 0xA4 with DTR and
//                RTS.
//   CP210x       IFC_ENABLE 0x00; SET_BAUDRATE 0x1E (32-bit little-endian); SET_LINE_CTL 0x03 (0x0800: 8N1);
//                SET_MHS 0x07 (DTR and RTS, with their write masks). All to the interface (0x41).
//   PL2303 (HX)  the vendor start-up dance of reads 0x8484/0x8383 and writes 0x0404, 0, 1, 2; pipe resets 8
//                and 9; CDC SET_LINE_CODING 0x20 (7 bytes); SET_CONTROL_LINE_STATE 0x22 with DTR and RTS.
// Every request has `timeout`. Errors: those of the control transfers (device when the chip refuses one,
// unavailable when unplugged), with the step in the message; invalidInput for a speed the chip cannot make.
[[nodiscard]] Status configureSerialBridge(usb::UsbDevice& device, SerialBridge bridge,
                                           std::uint8_t interfaceNumber, std::uint32_t baud,
                                           usb::Timeout timeout = usb::Timeout{300});

// The CH341 prescaler/divisor register value for `baud` (without the bit-7 flag), as the Linux driver
// computes it: the highest base clock that gives a divisor below 256, rounded to the nearest rate. nullopt
// when out of range (below 46 or above 3 000 000 bit/s).
std::optional<std::uint16_t> ch341Divisor(std::uint32_t baud);

}  // namespace yimen::drivers::idcard
