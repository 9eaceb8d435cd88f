// A cereal-format input archive that treats every byte as hostile.
//
// cereal's own input archives resize a container to whatever size prefix
// they read, so 9 bytes on the wire can ask for exabytes. This archive reads
// the exact byte layout of cereal's PortableBinaryOutputArchive with the
// std types we use (string, vector, map, optional, variant), but:
//   * every size prefix is checked against the bytes left before anything
//     is allocated (each element takes at least one byte on the wire, so a
//     valid size can never exceed the bytes left), and containers of
//     non-trivial elements grow as elements decode instead of up front;
//   * bools must be 0 or 1, enums must be one of their named values,
//     variant indexes must name an alternative;
//   * every failure throws DecodeError, which the codec turns into a clean
//     protocol error.
// It is a pure object over a byte span: no I/O, easy to fuzz.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "truinlag/fields.hpp"

namespace truinlag::protocol {

// Any reason a payload could not be decoded.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BoundedInputArchive {
 public:
  // Reads cereal's portable-binary header byte (1: little endian, 0: big).
  // `format`: the value format the bytes were written in (fields.hpp);
  // peers always speak the current one, stored blobs say theirs.
  explicit BoundedInputArchive(std::span<const std::uint8_t> bytes,
                               std::uint32_t format = kValueFormat);

  // Not copyable: it is a cursor over one payload.
  BoundedInputArchive(const BoundedInputArchive&) = delete;
  BoundedInputArchive& operator=(const BoundedInputArchive&) = delete;

  std::size_t bytes_left() const { return bytes_.size() - position_; }

  // Reads one value of any wire type.
  template <class T>
  void operator()(T& value) {
    read(value);
  }

 private:
  // Inline: it runs once per field of every message (a GetConfig answer has
  // dozens), and the call was a quarter of a client's decoding time.
  void read_raw(void* out, std::size_t size) {
    if (size > bytes_left()) truncated();
    if (size > 0) std::memcpy(out, bytes_.data() + position_, size);
    position_ += size;
  }
  // Kept out of line so read_raw stays small enough to inline.
  [[noreturn]] static void truncated();
  // Reads a cereal size_type (uint64) and checks it against the bytes left.
  std::size_t read_size(std::size_t min_bytes_per_element);

  template <class T>
  requires std::is_arithmetic_v<T>
  void read(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      std::uint8_t byte = 0;
      read_raw(&byte, 1);
      if (byte > 1) throw DecodeError("bool is neither 0 nor 1");
      value = byte == 1;
    } else {
      read_raw(&value, sizeof(T));
      if (swap_ && sizeof(T) > 1) {
        auto* p = reinterpret_cast<std::uint8_t*>(&value);
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(p[i], p[sizeof(T) - 1 - i]);
      }
    }
  }

  template <NamedEnum E>
  void read(E& value) {
    std::underlying_type_t<E> raw{};
    read(raw);
    if (static_cast<std::size_t>(raw) >= enum_count<E>()) {
      throw DecodeError("enum value out of range");
    }
    value = static_cast<E>(raw);
  }

  void read(std::string& value) {
    const std::size_t size = read_size(1);
    value.resize(size);  // bounded by the frame: size <= bytes left
    read_raw(value.data(), size);
  }

  template <class T>
  void read(std::vector<T>& value) {
    const std::size_t size = read_size(1);
    value.clear();
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      // Fixed-size elements: the exact byte count is known before allocating.
      if (size > bytes_left() / sizeof(T)) throw DecodeError("array longer than the frame");
      value.resize(size);
      for (auto& element : value) read(element);
    } else {
      // Variable-size elements: grow as they decode, so the allocation
      // follows the bytes actually present, never the claimed size.
      for (std::size_t i = 0; i < size; ++i) read(value.emplace_back());
    }
  }

  template <class K, class V>
  void read(std::map<K, V>& value) {
    const std::size_t size = read_size(2);
    value.clear();
    for (std::size_t i = 0; i < size; ++i) {
      K key{};
      read(key);
      V mapped{};
      read(mapped);
      if (!value.emplace(std::move(key), std::move(mapped)).second) {
        throw DecodeError("duplicate map key");
      }
    }
  }

  template <class T>
  void read(std::optional<T>& value) {
    bool is_null = true;  // cereal writes a "nullopt" flag first
    read(is_null);
    if (is_null) {
      value.reset();
    } else {
      read(value.emplace());
    }
  }

  template <class... Ts>
  void read(std::variant<Ts...>& value) {
    std::int32_t index = -1;
    read(index);
    if (index < 0 || static_cast<std::size_t>(index) >= sizeof...(Ts)) {
      throw DecodeError("unknown variant index " + std::to_string(index));
    }
    read_alternative<0>(static_cast<std::size_t>(index), value);
  }

  template <std::size_t I, class... Ts>
  void read_alternative(std::size_t index, std::variant<Ts...>& value) {
    if constexpr (I < sizeof...(Ts)) {
      if (index == I) {
        read(value.template emplace<I>());
      } else {
        read_alternative<I + 1>(index, value);
      }
    }
  }

  // Fields newer than the format being read are absent from the bytes.
  template <HasFields T>
  void read(T& value) {
    std::apply(
        [&](const auto&... field) {
          ((field.since <= format_ ? read(value.*(field.member)) : void()), ...);
        },
        T::kFields);
  }

  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool swap_ = false;  // the writer's byte order differs from ours
  std::uint32_t format_ = kValueFormat;
};

}  // namespace truinlag::protocol
