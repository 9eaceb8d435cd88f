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
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "json_read.hpp"
#include "json_write.hpp"

namespace truinlag::cli {

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

}  // namespace truinlag::cli
