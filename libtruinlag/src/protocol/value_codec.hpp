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

template <class T>
std::string encode_value(const T& value) {
  std::ostringstream stream;
  {
    cereal::PortableBinaryOutputArchive archive(
        stream, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    archive(value);
  }
  return std::move(stream).str();
}

// Throws DecodeError if the bytes are not exactly one T.
template <class T>
T decode_value(std::span<const std::uint8_t> bytes) {
  BoundedInputArchive archive(bytes);
  T value{};
  archive(value);
  if (archive.bytes_left() != 0) throw DecodeError("trailing bytes after a stored value");
  return value;
}

}  // namespace truinlag::protocol
