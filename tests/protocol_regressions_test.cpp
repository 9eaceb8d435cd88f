// Every input a fuzz target ever found (tests/fuzz/regressions/<target>/)
// and every seed (tests/fuzz/corpus/<target>/), replayed through the fuzz
// targets' own checks (tests/fuzz/fuzz_checks.cpp) in the normal build:
// each must decode or be refused cleanly, never crash, and whatever decodes
// must round-trip. Seeds are real encodings, so they must also decode.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz/fuzz_checks.hpp"
#include "protocol/codec.hpp"

namespace fs = std::filesystem;

[[noreturn]] void truinlag::fuzz::property_violated(const char* what) {
  throw std::logic_error(std::string("fuzz property violated: ") + what);
}

namespace {

// The files of one folder, sorted (a stable order for the report).
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const fs::path kFuzzDir = TRUINLAG_FUZZ_DIR;

}  // namespace

TEST_CASE("fuzz findings decode or are refused cleanly") {
  for (const auto target : truinlag::fuzz::kTargets) {
    for (const auto& path : files_in(kFuzzDir / "regressions" / target)) {
      INFO(path.string());
      const std::string bytes = read_file(path);
      CHECK_NOTHROW(truinlag::fuzz::check_target(target, truinlag::protocol::as_bytes(bytes)));
    }
  }
}

TEST_CASE("every seed of the fuzz corpus decodes and round-trips") {
  for (const auto target : truinlag::fuzz::kTargets) {
    const auto seeds = files_in(kFuzzDir / "corpus" / target);
    INFO("target " << target);
    CHECK(seeds.size() >= 4);
    for (const auto& path : seeds) {
      // A seed that no longer decodes was written by an older protocol:
      // regenerate with build/tests/fuzz/make_fuzz_corpus tests/fuzz/corpus.
      INFO(path.string());
      const std::string bytes = read_file(path);
      bool decoded = false;
      CHECK_NOTHROW(decoded =
                        truinlag::fuzz::check_target(target, truinlag::protocol::as_bytes(bytes)));
      CHECK(decoded);
    }
  }
}

TEST_CASE("the fuzz checks catch what they are meant to") {
  // A refusal is not a finding...
  CHECK_FALSE(truinlag::fuzz::check_client_message({}));
  CHECK_FALSE(truinlag::fuzz::check_server_message({}));
  CHECK(truinlag::fuzz::check_stored_value({}) == 0);
  CHECK(truinlag::fuzz::check_frames({}) == 0);
  CHECK_FALSE(truinlag::fuzz::check_json_client_message({}));
  const std::vector<std::string> refused = {R"({"type": "hello"})", "[[[[", R"({"type": 1e999})",
                                            std::string(1000, '{')};
  for (const std::string& json : refused) {
    CHECK_FALSE(truinlag::fuzz::check_json_client_message(truinlag::protocol::as_bytes(json)));
  }
  // ...and a garbage stream is framed and refused without throwing.
  const std::string garbage("\x00\x00\x00\x03\x01\x02\x03\x7f\xff\xff\xff", 11);
  CHECK(truinlag::fuzz::check_frames(truinlag::protocol::as_bytes(garbage)) == 0);
  CHECK_THROWS_AS(truinlag::fuzz::check_target("nonsense", {}), std::invalid_argument);
}
