// The frame codec: header layout, split delivery, limits.
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "protocol/frame.hpp"

using truinlag::protocol::append_frame;
using truinlag::protocol::FrameDecoder;
using truinlag::protocol::kFrameHeaderBytes;
using Status = FrameDecoder::Status;

TEST_CASE("a frame is a big-endian length and the payload") {
  std::string out;
  append_frame(out, "abc");
  REQUIRE(out == std::string("\0\0\0\3abc", 7));
  std::string big;
  append_frame(big, std::string(0x010203, 'x'));
  CHECK(static_cast<unsigned char>(big[0]) == 0x00);
  CHECK(static_cast<unsigned char>(big[1]) == 0x01);
  CHECK(static_cast<unsigned char>(big[2]) == 0x02);
  CHECK(static_cast<unsigned char>(big[3]) == 0x03);
}

TEST_CASE("frames fed one byte at a time come out whole and in order") {
  std::string stream;
  append_frame(stream, "first");
  append_frame(stream, "");
  append_frame(stream, "third frame");
  FrameDecoder decoder;
  std::vector<std::string> frames;
  std::string_view payload;
  for (char c : stream) {
    decoder.feed(std::string_view(&c, 1));
    while (decoder.next(payload) == Status::Frame) frames.emplace_back(payload);
  }
  REQUIRE(frames == std::vector<std::string>{"first", "", "third frame"});
  CHECK(decoder.buffered_bytes() == 0);
}

TEST_CASE("a header over the limit is refused before the body arrives") {
  FrameDecoder decoder(1024);
  decoder.feed(std::string("\0\0\4\1", 4));  // 1025 bytes announced
  std::string_view payload;
  REQUIRE(decoder.next(payload) == Status::TooLarge);
  CHECK(decoder.announced_length() == 1025);
  // Nothing more is buffered or decoded once failed.
  decoder.feed(std::string(4096, 'x'));
  CHECK(decoder.buffered_bytes() == 0);
  CHECK(decoder.next(payload) == Status::TooLarge);
}

TEST_CASE("a 4 GiB header is refused with no allocation of its size") {
  FrameDecoder decoder;  // 16 MiB default
  decoder.feed(std::string("\xff\xff\xff\xff", 4));
  std::string_view payload;
  REQUIRE(decoder.next(payload) == Status::TooLarge);
  CHECK(decoder.announced_length() == 0xffffffffu);
}

TEST_CASE("a frame exactly at the limit is accepted") {
  FrameDecoder decoder(8);
  std::string stream;
  append_frame(stream, "12345678");
  decoder.feed(stream);
  std::string_view payload;
  REQUIRE(decoder.next(payload) == Status::Frame);
  CHECK(payload == "12345678");
}

TEST_CASE("a truncated frame waits for more") {
  FrameDecoder decoder;
  std::string stream;
  append_frame(stream, "payload");
  decoder.feed(std::string_view(stream).substr(0, 6));
  std::string_view payload;
  CHECK(decoder.next(payload) == Status::NeedMore);
  decoder.feed(std::string_view(stream).substr(6));
  REQUIRE(decoder.next(payload) == Status::Frame);
  CHECK(payload == "payload");
}

TEST_CASE("a large frame gets a buffer of exactly its size, read into directly") {
  // 4 MiB arriving in 64 KiB reads, as a picture upload does, and a small
  // frame right behind it in the last read.
  const std::string payload = [] {
    std::string p(4u << 20, '\0');
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<char>(i * 7 + i / 4096);
    return p;
  }();
  std::string stream;
  append_frame(stream, payload);
  append_frame(stream, "after");
  FrameDecoder decoder(16u << 20);
  std::string_view out;
  // The first reads go through feed(), until 1 MiB of the frame is in.
  std::size_t at = 0;
  while (decoder.room().empty()) {
    REQUIRE(at < (2u << 20));
    decoder.feed(std::string_view(stream).substr(at, 64u << 10));
    at += 64u << 10;
    REQUIRE(decoder.next(out) == FrameDecoder::Status::NeedMore);
  }
  CHECK(at == (1u << 20) + (64u << 10));  // the read after 1 MiB was in
  CHECK(decoder.buffer_capacity() <= payload.size() + FrameDecoder::kKeptCapacity);
  // The rest is read straight into room(), which ends at the frame's end.
  while (true) {
    std::span<char> room = decoder.room();
    if (room.empty()) break;
    CHECK(room.size() == kFrameHeaderBytes + payload.size() - at);
    const std::size_t n = std::min<std::size_t>(room.size(), 64u << 10);
    std::copy_n(stream.data() + at, n, room.data());
    decoder.filled(n);
    at += n;
    CHECK(decoder.buffered_bytes() == at);
    if (!decoder.room().empty()) CHECK(decoder.next(out) == FrameDecoder::Status::NeedMore);
  }
  CHECK(at == kFrameHeaderBytes + payload.size());
  decoder.feed(std::string_view(stream).substr(at));  // the small frame
  REQUIRE(decoder.next(out) == FrameDecoder::Status::Frame);
  CHECK(out == payload);
  auto owned = decoder.take_payload();
  REQUIRE(owned);
  CHECK(owned->view() == payload);  // the same bytes, now owned by the taker
  REQUIRE(decoder.next(out) == FrameDecoder::Status::Frame);
  CHECK(out == "after");
  CHECK_FALSE(decoder.take_payload());  // a small frame stays in the shared buffer
  CHECK(decoder.next(out) == FrameDecoder::Status::NeedMore);
  decoder.trim();
  CHECK(decoder.buffered_bytes() == 0);
  CHECK(decoder.buffer_capacity() <= FrameDecoder::kKeptCapacity);
  // A peer that only announces a large frame makes it allocate nothing.
  FrameDecoder announced(16u << 20);
  announced.feed(std::string("\x00\xf0\x00\x00 a few bytes", 16));
  CHECK(announced.next(out) == FrameDecoder::Status::NeedMore);
  CHECK(announced.buffer_capacity() < 4096);
  CHECK(announced.room().empty());
}

TEST_CASE("a large frame fed in one piece with more behind it comes out whole and in order") {
  const std::string big(FrameDecoder::kLargeFrameBytes + 1, 'b');
  std::string stream;
  append_frame(stream, "one");
  append_frame(stream, big);
  append_frame(stream, "two");
  // Split inside the large frame, so that it is half in the shared buffer
  // when its header is seen, and the rest arrives by feed() with "two".
  for (const std::size_t split : {std::size_t{9}, std::size_t{100}, stream.size() - 10}) {
    FrameDecoder decoder(16u << 20);
    std::string_view out;
    std::vector<std::string> frames;
    auto drain = [&] {
      while (decoder.next(out) == FrameDecoder::Status::Frame) frames.emplace_back(out);
    };
    decoder.feed(std::string_view(stream).substr(0, split));
    drain();
    decoder.feed(std::string_view(stream).substr(split));
    drain();
    REQUIRE(frames.size() == 3);
    CHECK(frames[0] == "one");
    CHECK(frames[1] == big);
    CHECK(frames[2] == "two");
    CHECK(decoder.buffered_bytes() == 0);
  }
}
