// The frame codec: header layout, split delivery, limits.
#include <catch2/catch.hpp>

#include "protocol/frame.hpp"

using truinlag::protocol::append_frame;
using truinlag::protocol::FrameDecoder;
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

TEST_CASE("a large frame costs its size once, and nothing after it is handled") {
  // 4 MiB arriving in 64 KiB reads, as a picture upload does.
  const std::string payload(4u << 20, 'p');
  std::string stream;
  append_frame(stream, payload);
  FrameDecoder decoder(16u << 20);
  std::string_view out;
  std::size_t largest = 0;
  for (std::size_t at = 0; at < stream.size(); at += 64u << 10) {
    decoder.feed(std::string_view(stream).substr(at, 64u << 10));
    largest = std::max(largest, decoder.buffer_capacity());
    if (at + (64u << 10) < stream.size())
      CHECK(decoder.next(out) == FrameDecoder::Status::NeedMore);
  }
  // Reserved exactly once half had arrived, not doubled past the frame.
  CHECK(largest < payload.size() + (128u << 10));
  REQUIRE(decoder.next(out) == FrameDecoder::Status::Frame);
  CHECK(out.size() == payload.size());
  CHECK(decoder.next(out) == FrameDecoder::Status::NeedMore);
  decoder.trim();
  CHECK(decoder.buffered_bytes() == 0);
  CHECK(decoder.buffer_capacity() <= FrameDecoder::kKeptCapacity);
  // A peer that only announces a large frame makes it reserve nothing.
  FrameDecoder announced(16u << 20);
  announced.feed(std::string("\x00\xf0\x00\x00 a few bytes", 16));
  CHECK(announced.next(out) == FrameDecoder::Status::NeedMore);
  CHECK(announced.buffer_capacity() < 4096);
}
