// Any wire type as a standalone byte string, in the same encoding as the
// protocol's payloads: the store keeps immutable values (a game's snapshot,
// an archived game, a config value) as such blobs, and reads them back
// through the same bounded decoder as peer data.
#pragma once

#include <span>
#include <string>

#include "protocol/bounded_input_archive.hpp"
#include "protocol/string_output_archive.hpp"

namespace truinlag::protocol {

// `format` below the current one writes what an older build stored
// (only tests of the upgrade path need it).
template <class T>
std::string encode_value(const T& value, std::uint32_t format = kValueFormat) {
  std::string out;
  StringOutputArchive archive(out, format);
  archive(value);
  return out;
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
