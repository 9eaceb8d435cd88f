// Hostile payloads: every one must be a clean decode error, and none may
// make the decoder allocate more than the bytes it was given justify.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "protocol/codec.hpp"

using namespace truinlag;
using truinlag::protocol::as_bytes;

// Track the largest single allocation made by this test program, so a test
// can prove the decoder never sized memory from a lying prefix.
namespace {
std::size_t g_largest_allocation = 0;
}
void* operator new(std::size_t size) {
  if (size > g_largest_allocation) g_largest_allocation = size;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow form too (Catch2 uses it): memory it returns is freed by the
// plain operator delete below, so it must come from malloc as well. Left
// to the runtime, it is ASan's own operator new, and freeing that with
// free() is an alloc-dealloc mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (size > g_largest_allocation) g_largest_allocation = size;
  return std::malloc(size ? size : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

// Little-endian byte builders for hand-made payloads.
struct Bytes {
  std::string data;
  Bytes& u8(std::uint8_t v) {
    data.push_back(static_cast<char>(v));
    return *this;
  }
  Bytes& i32(std::int32_t v) {
    for (int i = 0; i < 4; ++i)
      u8(static_cast<std::uint8_t>(static_cast<std::uint32_t>(v) >> (8 * i)));
    return *this;
  }
  Bytes& u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  Bytes& raw(std::string_view s) {
    data.append(s);
    return *this;
  }
};

// header, ClientMessage index 1 (Request), request id 7, Command index.
Bytes request_prefix(std::int32_t command_index) {
  Bytes b;
  b.u8(1).i32(1).u64(7).i32(command_index);
  return b;
}

// Decodes and asserts a clean failure with at most `max_alloc` bytes in one
// allocation.
protocol::Decoded<ClientMessage> expect_refused(const std::string& payload,
                                                std::size_t max_alloc = 4096) {
  g_largest_allocation = 0;
  auto decoded = protocol::decode_client(as_bytes(payload));
  const std::size_t largest = g_largest_allocation;
  CHECK_FALSE(decoded.message.has_value());
  CHECK_FALSE(decoded.error.empty());
  CHECK(largest <= max_alloc);
  return decoded;
}

constexpr std::int32_t kPing = 0;
constexpr std::int32_t kAddPlayer = 6;
constexpr std::int32_t kGetThumbnails = 24;

}  // namespace

TEST_CASE("the command indexes used here are the ones of the variant") {
  CHECK(variant_index_v<Ping, Command> == kPing);
  CHECK(variant_index_v<AddPlayer, Command> == kAddPlayer);
  CHECK(variant_index_v<GetThumbnails, Command> == kGetThumbnails);
}

TEST_CASE("empty and truncated payloads are refused") {
  expect_refused("");
  expect_refused(Bytes{}.u8(1).data);                // header only
  expect_refused(Bytes{}.u8(1).i32(1).u64(7).data);  // Request without command
  const std::string whole = protocol::encode(ClientMessage{Request{3, Ping{"hello"}}});
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    INFO("cut at " << cut);
    expect_refused(whole.substr(0, cut));
  }
}

TEST_CASE("string size prefixes larger than the bytes left are refused before allocating") {
  for (std::uint64_t lie : {std::uint64_t{1} << 62, ~std::uint64_t{0}, std::uint64_t{6}}) {
    INFO("size prefix " << lie);
    // Ping{payload present, size = lie, 5 bytes follow}: "bytes left + 1" is 6.
    const std::string payload = request_prefix(kPing).u8(0).u64(lie).raw("hello").data;
    expect_refused(payload);
  }
}

TEST_CASE("vector size prefixes larger than the bytes left are refused before allocating") {
  for (std::uint64_t lie : {std::uint64_t{1} << 62, ~std::uint64_t{0}, std::uint64_t{2}}) {
    INFO("count " << lie);
    // GetThumbnails{ids: count = lie, one id follows (8 bytes, 1 fewer than 2 need)}.
    const std::string payload = request_prefix(kGetThumbnails).u64(lie).u64(5).data;
    expect_refused(payload);
  }
}

TEST_CASE("a request whose id was readable reports the id") {
  auto decoded = expect_refused(request_prefix(kPing).u8(0).u64(1ull << 62).data);
  REQUIRE(decoded.request_id.has_value());
  CHECK(*decoded.request_id == 7);
  auto no_id = expect_refused(Bytes{}.u8(1).i32(1).u8(7).data);
  CHECK_FALSE(no_id.request_id.has_value());
}

TEST_CASE("bools other than 0 and 1 are refused") {
  // Ping's optional payload: the "nullopt" flag is a bool.
  expect_refused(request_prefix(kPing).u8(2).data);
  expect_refused(request_prefix(kPing).u8(0xff).data);
  // Sanity: 1 (empty optional) decodes (then the request's key, absent).
  auto ok = protocol::decode_client(as_bytes(request_prefix(kPing).u8(1).u8(1).data));
  CHECK(ok.message.has_value());
}

TEST_CASE("unknown variant indexes are refused") {
  expect_refused(Bytes{}.u8(1).i32(2).data);  // ClientMessage has 2 alternatives
  expect_refused(Bytes{}.u8(1).i32(-1).data);
  expect_refused(request_prefix(std::variant_size_v<Command>).data);
  expect_refused(request_prefix(0x7fffffff).data);
}

TEST_CASE("unknown enum values are refused") {
  // AddSession{name "", mode = 1}: Mode has one value.
  const std::int32_t add_session = variant_index_v<AddSession, Command>;
  expect_refused(request_prefix(add_session).u64(0).u8(1).data);
  auto ok =
      protocol::decode_client(as_bytes(request_prefix(add_session).u64(0).u8(0).u8(1).data));
  CHECK(ok.message.has_value());
}

TEST_CASE("a bad byte-order header and trailing bytes are refused") {
  const std::string good = protocol::encode(ClientMessage{Hello{1, "x"}});
  std::string bad_header = good;
  bad_header[0] = 2;
  expect_refused(bad_header);
  expect_refused(good + "z");
}

TEST_CASE("random bytes never crash the decoder or allocate beyond their size") {
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 20000; ++round) {
    std::string payload(1 + next() % 64, '\0');
    for (char& c : payload) c = static_cast<char>(next());
    payload[0] = static_cast<char>(next() % 2);  // a valid header makes it go deeper
    g_largest_allocation = 0;
    auto decoded = protocol::decode_client(as_bytes(payload));
    // A random payload may occasionally be valid; it must never be costly.
    REQUIRE(g_largest_allocation <= 8192);
    if (!decoded.message) REQUIRE_FALSE(decoded.error.empty());
  }
}
