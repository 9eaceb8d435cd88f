// The JPEG rules of game-rules section 7, on the pure functions the server
// runs on its thread pool (src/pictures/jpeg.hpp).
#include <catch2/catch.hpp>

#include "pictures/jpeg.hpp"
#include "support/jpeg_samples.hpp"

namespace p = truinlag::pictures;
using namespace truinlag::testing;

namespace {

struct Colour {
  int r, g, b;
};
Colour at(const p::Rgb& image, int x, int y) {
  const auto* px = reinterpret_cast<const unsigned char*>(image.pixels.data()) +
                   (static_cast<std::size_t>(y) * image.width + x) * 3;
  return {px[0], px[1], px[2]};
}
bool green(Colour c) { return c.g > 150 && c.r < 60 && c.b < 60; }

std::string problem_of(const std::variant<p::Prepared, p::Problem>& result) {
  REQUIRE(std::holds_alternative<p::Problem>(result));
  return std::get<p::Problem>(result).text;
}

}  // namespace

TEST_CASE("a profile picture's thumbnail is the centred square at 256x256") {
  for (auto [w, h] : {std::pair{4000, 3000}, {3000, 4000}, {300, 200}, {100, 100}}) {
    INFO(w << "x" << h);
    const std::string jpeg = banded_jpeg(w, h);
    auto prepared = p::prepare_profile(jpeg, p::Limits{});
    REQUIRE(std::holds_alternative<p::Prepared>(prepared));
    const p::Prepared& done = std::get<p::Prepared>(prepared);
    CHECK(done.jpeg == jpeg);  // the original as sent
    CHECK(done.header.width == w);
    CHECK(done.header.height == h);
    REQUIRE(done.thumbnail);
    const auto thumb = p::decode_rgb(*done.thumbnail);
    REQUIRE(thumb);
    CHECK(thumb->width == 256);
    CHECK(thumb->height == 256);
    if (w > h) {
      // The bands (left and right tenth) lie outside the centred square.
      for (int y : {0, 128, 255}) {
        CHECK(green(at(*thumb, 0, y)));
        CHECK(green(at(*thumb, 255, y)));
        CHECK(green(at(*thumb, 128, y)));
      }
    }
  }
}

TEST_CASE("a portrait picture keeps its bands: the square spans its whole width") {
  // 3000x4000: the square is the full width, so the red band stays left.
  auto prepared = p::prepare_profile(banded_jpeg(3000, 4000), p::Limits{});
  const auto thumb = p::decode_rgb(*std::get<p::Prepared>(prepared).thumbnail);
  REQUIRE(thumb);
  const Colour left = at(*thumb, 2, 128), right = at(*thumb, 253, 128);
  CHECK(left.r > 150);
  CHECK(right.b > 150);
}

TEST_CASE("proof photos are stored as sent, without a thumbnail") {
  const std::string jpeg = banded_jpeg(1200, 900);
  auto prepared = p::prepare_proof(jpeg, p::Limits{});
  REQUIRE(std::holds_alternative<p::Prepared>(prepared));
  CHECK(std::get<p::Prepared>(prepared).jpeg == jpeg);
  CHECK_FALSE(std::get<p::Prepared>(prepared).thumbnail);
}

TEST_CASE("hostile pictures are refused with a sentence") {
  const p::Limits limits{};
  CHECK_THAT(problem_of(p::prepare_profile(png_bytes(), limits)), Catch::Contains("not a JPEG"));
  CHECK_THAT(problem_of(p::prepare_proof(truncated_jpeg(), limits)),
             Catch::Contains("does not decode"));
  CHECK_THAT(problem_of(p::prepare_profile(truncated_jpeg(), limits)),
             Catch::Contains("does not decode"));
  CHECK_THAT(problem_of(p::prepare_proof(huge_claim_jpeg(), limits)),
             Catch::Contains("not a JPEG") && Catch::Contains("65500 pixels"));
  CHECK_THAT(problem_of(p::prepare_proof(huge_claim_jpeg(60000), limits)),
             Catch::Contains("60000x60000") && Catch::Contains("limit is 50000000 pixels"));
  CHECK_THAT(problem_of(p::prepare_proof(std::string(), limits)), Catch::Contains("empty"));
  const std::string over = padded_jpeg(limits.max_bytes + 1);
  CHECK_THAT(problem_of(p::prepare_proof(over, limits)),
             Catch::Contains(std::to_string(limits.max_bytes + 1) + " bytes") &&
                 Catch::Contains("limit is 16777216 bytes"));
  // Exactly at the limit is allowed (bytes after the end marker are ignored
  // by decoders).
  CHECK(
      std::holds_alternative<p::Prepared>(p::prepare_proof(padded_jpeg(limits.max_bytes), limits)));
}

TEST_CASE("the header check refuses before decoding: limits are the caller's") {
  const std::string jpeg = banded_jpeg(400, 300);
  CHECK(std::holds_alternative<p::Header>(p::check_header(jpeg, p::Limits{1u << 20, 120'000})));
  auto refused = p::check_header(jpeg, p::Limits{1u << 20, 119'999});
  REQUIRE(std::holds_alternative<p::Problem>(refused));
  CHECK_THAT(std::get<p::Problem>(refused).text, Catch::Contains("400x300"));
  refused = p::check_header(jpeg, p::Limits{jpeg.size() - 1, 50'000'000});
  REQUIRE(std::holds_alternative<p::Problem>(refused));
}
