// The encoding twin of BoundedInputArchive: writes the exact bytes of
// cereal's PortableBinaryOutputArchive (little-endian mode) for the wire
// types we use, straight into a std::string.
//
// Why not cereal's archive: it writes through std::ostream, so every field
// costs a virtual streambuf call, and every message constructs an
// ostringstream (a locale lookup with three dynamic_casts). Profiling the
// daemon under callgrind showed encoding at ~59% of its instructions for a
// GetConfig answer. This archive appends to a string the caller owns and
// inlines completely. The bytes are unchanged: peers and stored blobs
// need not know (tests/protocol_output_archive_test.cpp compares the two).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "truinlag/fields.hpp"

namespace truinlag::protocol {

class StringOutputArchive {
 public:
  // Appends to `out`, starting with cereal's header byte (1: little endian).
  // `format`: the value format to write (fields newer than it are left out).
  explicit StringOutputArchive(std::string& out, std::uint32_t format = kValueFormat)
      : out_(out), format_(format) {
    out_.push_back(1);
  }

  // Not copyable: it is a cursor into one string.
  StringOutputArchive(const StringOutputArchive&) = delete;
  StringOutputArchive& operator=(const StringOutputArchive&) = delete;

  template <class T>
  void operator()(const T& value) {
    write(value);
  }

 private:
  template <class T>
  requires std::is_arithmetic_v<T>
  void write(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(value ? 1 : 0);
    } else {
      char bytes[sizeof(T)];
      std::memcpy(bytes, &value, sizeof(T));
      if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
          std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
      }
      out_.append(bytes, sizeof(T));
    }
  }

  template <NamedEnum E>
  void write(E value) {
    write(static_cast<std::underlying_type_t<E>>(value));
  }

  // cereal's size_type is a uint64.
  void write_size(std::size_t size) { write(static_cast<std::uint64_t>(size)); }

  void write(const std::string& value) {
    write_size(value.size());
    out_.append(value);
  }

  template <class T>
  void write(const std::vector<T>& value) {
    write_size(value.size());
    for (const T& element : value) write(element);
  }

  template <class K, class V>
  void write(const std::map<K, V>& value) {
    write_size(value.size());
    for (const auto& [key, mapped] : value) {
      write(key);
      write(mapped);
    }
  }

  template <class T>
  void write(const std::optional<T>& value) {
    write(!value.has_value());  // cereal's "nullopt" flag comes first
    if (value) write(*value);
  }

  template <class... Ts>
  void write(const std::variant<Ts...>& value) {
    write(static_cast<std::int32_t>(value.index()));
    std::visit([&](const auto& alternative) { write(alternative); }, value);
  }

  // Fields newer than the format being written are left out.
  template <HasFields T>
  void write(const T& value) {
    std::apply(
        [&](const auto&... field) {
          ((field.since <= format_ ? write(value.*(field.member)) : void()), ...);
        },
        T::kFields);
  }

  std::string& out_;
  std::uint32_t format_;
};

}  // namespace truinlag::protocol
