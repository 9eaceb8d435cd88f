// Pictures for the picture tests, made with the library's own encoder:
// good JPEGs with known colours, and the hostile files of issue 16.
#pragma once

#include <string>

#include "pictures/jpeg.hpp"

namespace truinlag::testing {

// width x height, green, with a red band over the left tenth and a blue
// band over the right tenth: the centred square of a landscape picture
// contains neither band.
inline std::string banded_jpeg(int width, int height, int quality = 90) {
  pictures::Rgb image{width, height, std::string(static_cast<std::size_t>(width) * height * 3, 0)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      char* p = image.pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
      const bool left = x < width / 10, right = x >= width - width / 10;
      p[0] = left ? char(230) : 0;
      p[1] = left || right ? 0 : char(200);
      p[2] = right ? char(230) : 0;
    }
  }
  return pictures::encode_rgb(image, quality);
}

// Noise compresses badly: a photo-like JPEG of about `bytes` or more.
inline std::string noisy_jpeg(int width, int height, unsigned seed = 1) {
  pictures::Rgb image{width, height, std::string(static_cast<std::size_t>(width) * height * 3, 0)};
  unsigned state = seed;
  for (char& c : image.pixels) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>(state >> 24);
  }
  return pictures::encode_rgb(image, 95);
}

// The PNG signature and the start of an IHDR chunk (16x16), padded.
inline std::string png_bytes() {
  const unsigned char head[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                'I',  'H', 'D', 'R', 0,    0,    0,    16,   0, 0, 0, 16};
  std::string png(reinterpret_cast<const char*>(head), sizeof head);
  png.resize(2048, '\0');
  return png;
}

// The first half of a good JPEG: the header is fine, the data ends early.
inline std::string truncated_jpeg() {
  const std::string whole = banded_jpeg(640, 480);
  return whole.substr(0, whole.size() / 2);
}

// A 10 KiB file whose frame header (SOF0) claims side x side pixels
// (65535: libjpeg-turbo itself refuses more than 65500 per side; 60000:
// a size it would accept, refused by the pixel limit).
inline std::string huge_claim_jpeg(unsigned side = 65535) {
  std::string jpeg = banded_jpeg(64, 48);
  const std::size_t sof = jpeg.find("\xff\xc0");
  // FF C0, length (2), precision (1), height (2), width (2)
  for (std::size_t i = sof + 5; i < sof + 9; i += 2) {
    jpeg[i] = static_cast<char>(side >> 8);
    jpeg[i + 1] = static_cast<char>(side & 0xff);
  }
  jpeg.resize(10 * 1024, '\0');
  return jpeg;
}

// A good JPEG padded after its end marker to `bytes`.
inline std::string padded_jpeg(std::size_t bytes) {
  std::string jpeg = banded_jpeg(320, 240);
  jpeg.resize(bytes, '\0');
  return jpeg;
}

}  // namespace truinlag::testing
