// Any wire type as a standalone byte string, in the same encoding as the
// protocol's payloads: the store keeps immutable values (a game's snapshot,
// an archived game, a config value) as such blobs, and reads them back
// through the same bounded decoder as peer data.
#pragma once

#include <cereal/archives/portable_binary.hpp>
#include <span>
#include <sstream>
#include <string>

#include "protocol/bounded_input_archive.hpp"
#include "protocol/serialize.hpp"

namespace truinlag::protocol {

// `format` below the current one writes what an older build stored
// (only tests of the upgrade path need it).
template <class T>
std::string encode_value(const T& value, std::uint32_t format = kValueFormat) {
  std::ostringstream stream;
  const std::uint32_t saved = encode_format;
  encode_format = format;
  struct Restore {
    std::uint32_t saved;
    ~Restore() { encode_format = saved; }
  } restore{saved};
  {
    cereal::PortableBinaryOutputArchive archive(
        stream, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    archive(value);
  }
  return std::move(stream).str();
}

// Throws DecodeError if the bytes are not exactly one T written in
// `format` (fields.hpp: kValueFormat).
template <class T>
T decode_value(std::span<const std::uint8_t> bytes, std::uint32_t format = kValueFormat) {
  BoundedInputArchive archive(bytes, format);
  T value{};
  archive(value);
  if (archive.bytes_left() != 0) throw DecodeError("trailing bytes after a stored value");
  return value;
}

}  // namespace truinlag::protocol
