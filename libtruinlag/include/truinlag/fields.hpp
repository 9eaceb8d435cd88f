// Compile-time field lists for the plain structs of the public API.
//
// Every wire type lists its fields once, as (name, member pointer) pairs.
// The binary codec (cereal, in protocol/), the JSON printer of the CLI and
// the tests all walk the same list, so adding a field to a struct is one
// line, and no encoder can forget it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace truinlag {

// The layout version of encoded values. Stored blobs (a game's snapshot,
// an archived game) outlive the code that wrote them, so each records the
// format it was written in, and decoding an older format skips the fields
// that did not exist then (they keep their defaults). The wire always
// speaks the current format (the protocol version pins it).
//   1: the first release.
//   2: Config text templates, OpenChallenge translated texts.
inline constexpr std::uint32_t kValueFormat = 2;

// A named member of Class of type Member, present in encoded values from
// format `since` on. New fields are only ever appended, with since =
// the format that introduced them.
template <class Class, class Member>
struct Field {
  std::string_view name;
  Member Class::*member;
  std::uint32_t since = 1;
};
template <class Class, class Member>
Field(std::string_view, Member Class::*) -> Field<Class, Member>;
template <class Class, class Member>
Field(std::string_view, Member Class::*, std::uint32_t) -> Field<Class, Member>;

// A struct "has fields" when it declares `static constexpr auto kFields`.
template <class T>
concept HasFields = requires {
  T::kFields;
};

// Calls f(name, value) for every field of obj, in declaration order.
template <HasFields T, class F>
constexpr void for_each_field(T& obj, F&& f) {
  std::apply([&](const auto&... field) { (f(field.name, obj.*(field.member)), ...); }, T::kFields);
}

// Enum names for JSON and logs, and the range check the hostile-input
// decoder uses: every enum of the wire is dense from 0 to size-1.
// Specialised next to each enum with `static constexpr std::array names`.
template <class E>
struct EnumNames;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::names;
};

template <NamedEnum E>
constexpr std::size_t enum_count() {
  return EnumNames<E>::names.size();
}

template <NamedEnum E>
constexpr std::string_view enum_name(E value) {
  const auto index = static_cast<std::size_t>(value);
  return index < enum_count<E>() ? EnumNames<E>::names[index] : std::string_view{"?"};
}

// Parses an enum from its name; returns false if no name matches.
template <NamedEnum E>
constexpr bool enum_from_name(std::string_view name, E& out) {
  for (std::size_t i = 0; i < enum_count<E>(); ++i) {
    if (EnumNames<E>::names[i] == name) {
      out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

// Every alternative of a closed variant names itself with
// `static constexpr std::string_view kName` (snake_case); JSON uses it as
// the "type" tag instead of a variant index.
template <class T>
concept Named = requires {
  T::kName;
};

// The index of alternative T in variant V (compile time).
template <class T, class V>
struct variant_index;
template <class T, class... Ts>
struct variant_index<T, std::variant<Ts...>> {
  static constexpr std::size_t value = [] {
    constexpr bool matches[] = {std::is_same_v<T, Ts>...};
    for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
      if (matches[i]) return i;
    }
    return sizeof...(Ts);
  }();
  static_assert(value < sizeof...(Ts), "type is not an alternative of the variant");
};
template <class T, class V>
inline constexpr std::size_t variant_index_v = variant_index<T, V>::value;

}  // namespace truinlag
