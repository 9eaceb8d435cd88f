// What the JSON reader and writer share: the special leaf forms, the
// per-type policies and the type traits. Include truinlag/json.hpp instead.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "truinlag/messages.hpp"

namespace truinlag {

// Bad JSON input; the message starts with the path of the offending value.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace json_detail {

// Throws JsonError("<path>: <message>").
[[noreturn]] void fail(const std::string& path, const std::string& message);

std::string time_of_day_text(TimeOfDay time);
std::optional<TimeOfDay> parse_time_of_day(std::string_view text);
std::string colour_text(Colour colour);
std::optional<Colour> parse_colour(std::string_view text);

// The deepest nesting of arrays and objects in JSON text (brackets inside
// strings do not count); text that is not JSON gives some number, which the
// parser then refuses anyway.
std::size_t nesting_depth(std::string_view text);

// Fields holding raw bytes (JPEG pictures) travel as base64 strings.
bool is_bytes_field(std::string_view name);

// A ConfigPatch prints only the values it sets.
template <class T>
inline constexpr bool kOmitsUnset = false;
template <>
inline constexpr bool kOmitsUnset<ConfigPatch> = true;

// A Config read from JSON keeps the rule's default for every missing key.
template <class T>
inline constexpr bool kDefaultsMissing = false;
template <>
inline constexpr bool kDefaultsMissing<Config> = true;

// Ranges are written as people write them: [start, end].
template <class T>
inline constexpr bool kIsRange = std::is_same_v<T, Range> || std::is_same_v<T, IntRange>;

template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

template <class T>
inline constexpr bool kIsVector = false;
template <class T>
inline constexpr bool kIsVector<std::vector<T>> = true;

template <class T>
inline constexpr bool kIsStringMap = false;
template <class V>
inline constexpr bool kIsStringMap<std::map<std::string, V>> = true;

template <class T>
inline constexpr bool kIsVariant = false;
template <class... Ts>
inline constexpr bool kIsVariant<std::variant<Ts...>> = true;

template <class T>
inline constexpr bool kNoJsonForm = false;

// A variant can be tagged by "type" only if its alternatives have distinct
// names and none has a field called "type"; checked at compile time.
template <class... Ts>
constexpr bool tags_are_unambiguous() {
  const std::string_view names[] = {Ts::kName...};
  for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
    for (std::size_t j = i + 1; j < sizeof...(Ts); ++j) {
      if (names[i] == names[j]) return false;
    }
  }
  bool ok = true;
  (std::apply([&](const auto&... field) { ((ok = ok && field.name != "type"), ...); }, Ts::kFields),
   ...);
  return ok;
}

template <class V>
struct VariantTags;
template <class... Ts>
struct VariantTags<std::variant<Ts...>> {
  static constexpr bool kUnambiguous = tags_are_unambiguous<Ts...>();
  static constexpr std::string_view kNames[] = {Ts::kName...};
};

// "a, b, c" from a list of names, for error messages.
template <class Names>
std::string join_names(const Names& names) {
  std::string text;
  for (std::string_view name : names) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

template <HasFields T>
std::string field_names() {
  return std::apply(
      [](const auto&... field) {
        const std::string_view names[] = {field.name..., ""};
        return join_names(std::span(names, sizeof...(field)));
      },
      T::kFields);
}

}  // namespace json_detail
}  // namespace truinlag
