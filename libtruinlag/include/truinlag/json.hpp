// JSON for the wire types, in the shape a person would write by hand.
//
// Everything is driven by the field lists of truinlag/fields.hpp, so no
// struct has code of its own here; a new field or a new command gets its
// JSON form for free. The shapes:
//   * a struct is an object keyed by its snake_case field names;
//   * an enum is its lowercase name ("catcher"), never its number;
//   * std::optional is the value, or null when empty;
//   * a std::variant is an object {"type": "<kName>", ...fields}, never an
//     index;
//   * TimeOfDay is "HH:MM", Colour is "#rrggbb";
//   * Range and IntRange (half-open) are [start, end];
//   * a ConfigPatch leaves out its unset keys, so it reads like the
//     overrides it carries;
//   * std::map<string, string> is an object;
//   * the byte strings (fields named `jpeg`, `jpegs`) are base64.
//
// Reading is strict, and every error names where it happened, e.g.
// `$.teams[0].role: unknown name "runer" (expected one of: runner, catcher)`.
// Unknown keys are errors. A missing key is:
//   * nullopt for an optional field;
//   * empty for a vector or map field (an empty list is the only sensible
//     default, and the unknown-key check still catches misspelt keys);
//   * the rule's default for every field of a Config (defaults are what
//     that type is for), so `{"num_catchers": 2}` is a whole Config;
//   * an error for anything else: an id of 0 or an empty name silently
//     standing in for a forgotten key would be worse than the error.
//
// The one JSON mapping of the library: the CLI (--json, export and import
// files) and the gateway use it. from_json_value throws JsonError;
// decode_json / decode_json_text (below) are the non-throwing decoder for
// input from the network.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "truinlag/json/read.hpp"
#include "truinlag/json/write.hpp"

namespace truinlag {

template <class T>
nlohmann::json to_json_value(const T& value) {
  return json_detail::write<nlohmann::json>(value);
}

// The same JSON with keys in declaration order ("type" first), which is how
// the CLI prints it; to_json_value sorts keys, as nlohmann::json always does.
template <class T>
nlohmann::ordered_json to_ordered_json_value(const T& value) {
  return json_detail::write<nlohmann::ordered_json>(value);
}

// Throws JsonError (a std::runtime_error) naming the path of bad input.
template <class T>
T from_json_value(const nlohmann::json& json) {
  T value{};
  json_detail::read(json, value, "$");
  return value;
}

// The decoder for input from strangers (a gateway, a bot): never throws for
// bad input. Either `value` is set, or `error` says what is wrong and where
// ("$.command.title: expected a string, got number").
template <class T>
struct JsonDecoded {
  std::optional<T> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
};

// Wire types nest a few levels (a Request holds a Command holds a Challenge
// holds a map); a document nested deeper than this is refused before it is
// parsed, so no recursion anywhere follows the attacker's nesting.
inline constexpr std::size_t kMaxJsonDepth = 64;

// A parsed document as T (the reader follows the structure of T, not that
// of the document, so its depth is bounded by the type).
template <class T>
JsonDecoded<T> decode_json(const nlohmann::json& json) {
  JsonDecoded<T> decoded;
  try {
    decoded.value = from_json_value<T>(json);
  } catch (const JsonError& e) {
    decoded.value.reset();
    decoded.error = e.what();
  }
  return decoded;
}

// JSON text as T: refuses text that is not JSON, or is nested deeper than
// kMaxJsonDepth, then decodes as above. The size of `text` is the caller's
// to bound (its message limit).
template <class T>
JsonDecoded<T> decode_json_text(std::string_view text) {
  JsonDecoded<T> decoded;
  if (json_detail::nesting_depth(text) > kMaxJsonDepth) {
    decoded.error = "$: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return decoded;
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // A parse_error, or out_of_range for a number too large for a double.
    decoded.error = std::string("$: not valid JSON (") + e.what() + ")";
    return decoded;
  }
  return decode_json<T>(json);
}

}  // namespace truinlag
