// Camera frames made for tests and the QR benchmark: a grey scene with QR codes drawn into it, as YUYV and as
// MJPEG (with and without Huffman tables, as webcams send it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/camera/camera_frame.h"

namespace yimen::drivers::camera::test {

struct QrPlacement {
    std::string text;
    int left = 520;  // the symbol's top-left corner, quiet zone included
    int top = 240;
    int side = 240;  // the symbol's size in pixels, quiet zone included
};

// A camera-like grey scene (a soft gradient, low contrast, a little deterministic noise; no QR when
// `codes` is empty) with each code drawn at its place.
GrayImage qrScene(const std::vector<QrPlacement>& codes, std::uint32_t width = 1280,
                  std::uint32_t height = 720, std::uint32_t noiseSeed = 1);
// One code in the middle of a 1280×720 scene.
GrayImage qrScene(const std::string& text);
// The scene without any code.
GrayImage blankScene(std::uint32_t width = 1280, std::uint32_t height = 720);

std::vector<std::uint8_t> toYuyv(const GrayImage& image);
std::vector<std::uint8_t> toMjpeg(const GrayImage& image, int quality = 85);
// The JPEG with its DHT segments removed: how many UVC cameras send MJPEG.
std::vector<std::uint8_t> withoutHuffmanTables(const std::vector<std::uint8_t>& jpeg);

}  // namespace yimen::drivers::camera::test
