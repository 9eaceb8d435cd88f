// JPEG checks, decoding and thumbnails (game-rules section 7), over
// libjpeg-turbo's TurboJPEG API.
//
// Pure functions of their bytes: no state, no I/O, safe on any thread. The
// server runs them on libuv's thread pool so that decoding a 12-megapixel
// photo never stalls the loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace truinlag::pictures {

// The side of a thumbnail in pixels (the rules: 256x256).
inline constexpr int kThumbnailSide = 256;

struct Limits {
  std::size_t max_bytes = 16u << 20;      // a picture's bytes
  std::uint64_t max_pixels = 50'000'000;  // what its header may claim
};

struct Header {
  int width = 0;
  int height = 0;
};

// A picture ready to be stored: the bytes as sent and, for a profile
// picture, its thumbnail.
struct Prepared {
  std::string jpeg;
  Header header;
  std::optional<std::string> thumbnail;
};

// Why a picture was refused: the text of a PictureProblem.
struct Problem {
  std::string text;
};

// Reads only the header: the byte limit first, then that it is a JPEG at
// all, then the pixel limit, so that nothing large is allocated for a
// file that merely claims to be large.
std::variant<Header, Problem> check_header(std::string_view jpeg, const Limits& limits);

// A proof photo: the header check, then a full decode (at the smallest
// scale libjpeg-turbo offers, which still reads every entropy-coded byte)
// so a truncated or corrupt file is refused; stored as sent.
std::variant<Prepared, Problem> prepare_proof(std::string jpeg, const Limits& limits);

// A profile picture: as prepare_proof, plus the thumbnail: the largest
// centred square, scaled to kThumbnailSide x kThumbnailSide, JPEG.
std::variant<Prepared, Problem> prepare_profile(std::string jpeg, const Limits& limits);

// Decodes a JPEG to packed RGB (tests and tools use it to look at a
// thumbnail's colours). Empty on failure.
struct Rgb {
  int width = 0;
  int height = 0;
  std::string pixels;  // width * height * 3 bytes
};
std::optional<Rgb> decode_rgb(std::string_view jpeg);

// Encodes packed RGB as a baseline JPEG (thumbnails; tests make pictures
// with it).
std::string encode_rgb(const Rgb& image, int quality);

}  // namespace truinlag::pictures
