// JSON to wire types, strictly (see truinlag/json.hpp for the rules). Include
// truinlag/json.hpp.
#pragma once

#include <nlohmann/json.hpp>
#include <type_traits>
#include <utility>

#include "truinlag/json/base64.hpp"
#include "truinlag/json/detail.hpp"

namespace truinlag::json_detail {

using Json = nlohmann::json;

// `path` names `json` in the document ("$.teams[0]"); `bytes`: the value
// belongs to a byte-string field, so strings are base64.
template <class T>
void read(const Json& json, T& out, const std::string& path, bool bytes = false);

[[noreturn]] inline void fail_type(const Json& json, const std::string& path,
                                   std::string_view expected) {
  fail(path, "expected " + std::string(expected) + ", got " + json.type_name());
}

template <class T>
void read_integer(const Json& json, T& out, const std::string& path) {
  bool in_range = false;
  if (json.is_number_unsigned()) {
    const auto value = json.get<std::uint64_t>();
    in_range = std::in_range<T>(value);
    out = static_cast<T>(value);
  } else if (json.is_number_integer()) {
    const auto value = json.get<std::int64_t>();
    in_range = std::in_range<T>(value);
    out = static_cast<T>(value);
  } else {
    fail_type(json, path, "an integer");
  }
  if (!in_range) fail(path, json.dump() + " is out of range");
}

// Reads the fields of `out` from the object `json`. `tagged`: the object
// is a variant alternative, so its "type" key is not a field.
template <HasFields T>
void read_fields(const Json& json, T& out, const std::string& path, bool tagged) {
  std::size_t matched = tagged ? 1 : 0;
  for_each_field(out, [&](std::string_view name, auto& field) {
    using F = std::decay_t<decltype(field)>;
    const auto it = json.find(std::string(name));
    if (it == json.end()) {
      // The field keeps its default, where that is allowed (truinlag/json.hpp).
      if constexpr (kIsOptional<F>) {
        field.reset();
      } else if constexpr (!kIsVector<F> && !kIsStringMap<F> && !kDefaultsMissing<T>) {
        fail(path, "missing key \"" + std::string(name) + "\"");
      }
      return;
    }
    ++matched;
    read(*it, field, path + "." + std::string(name), is_bytes_field(name));
  });
  if (matched == json.size()) return;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    bool known = tagged && key == "type";
    std::apply([&](const auto&... field) { ((known = known || field.name == key), ...); },
               T::kFields);
    if (!known) {
      fail(path,
           "unknown key \"" + key + "\" (expected " +
               (std::tuple_size_v<decltype(T::kFields)> == 0 ? std::string("no keys")
                                                             : "one of: " + field_names<T>()) +
               ")");
    }
  }
}

template <class... Ts>
void read_variant(const Json& json, std::variant<Ts...>& out, const std::string& path) {
  using Tags = VariantTags<std::variant<Ts...>>;
  static_assert(Tags::kUnambiguous, "variant cannot be tagged by \"type\"");
  const auto it = json.find("type");
  if (it == json.end()) fail(path, "missing key \"type\"");
  if (!it->is_string()) fail_type(*it, path + ".type", "a string");
  const auto& type = it->get_ref<const std::string&>();
  bool found = false;
  (
      [&] {
        if (!found && type == Ts::kName) {
          found = true;
          read_fields(json, out.template emplace<Ts>(), path, true);
        }
      }(),
      ...);
  if (!found) {
    fail(path + ".type",
         "unknown type \"" + type + "\" (expected one of: " + join_names(Tags::kNames) + ")");
  }
}

template <class T>
void read(const Json& json, T& out, const std::string& path, bool bytes) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!json.is_boolean()) fail_type(json, path, "true or false");
    out = json.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    read_integer(json, out, path);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!json.is_number()) fail_type(json, path, "a number");
    out = json.get<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!json.is_string()) fail_type(json, path, bytes ? "a base64 string" : "a string");
    const auto& text = json.get_ref<const std::string&>();
    if (!bytes) {
      out = text;
    } else if (auto decoded = base64_decode(text)) {
      out = std::move(*decoded);
    } else {
      fail(path, "not valid base64");
    }
  } else if constexpr (NamedEnum<T>) {
    if (!json.is_string()) fail_type(json, path, "a name");
    const auto& text = json.get_ref<const std::string&>();
    if (!enum_from_name(text, out)) {
      fail(path, "unknown name \"" + text +
                     "\" (expected one of: " + join_names(EnumNames<T>::names) + ")");
    }
  } else if constexpr (std::is_same_v<T, TimeOfDay> || std::is_same_v<T, Colour>) {
    constexpr bool kTime = std::is_same_v<T, TimeOfDay>;
    constexpr std::string_view kExpected = kTime ? "a time \"HH:MM\"" : "a colour \"#rrggbb\"";
    if (!json.is_string()) fail_type(json, path, kExpected);
    const auto& text = json.get_ref<const std::string&>();
    std::optional<T> parsed;
    if constexpr (kTime) {
      parsed = parse_time_of_day(text);
    } else {
      parsed = parse_colour(text);
    }
    if (!parsed) fail(path, "expected " + std::string(kExpected) + ", got \"" + text + "\"");
    out = *parsed;
  } else if constexpr (kIsRange<T>) {
    if (!json.is_array()) fail_type(json, path, "an array [start, end]");
    if (json.size() != 2) {
      fail(path, "expected [start, end], got " + std::to_string(json.size()) + " elements");
    }
    read(json[0], out.start, path + "[0]");
    read(json[1], out.end, path + "[1]");
  } else if constexpr (kIsOptional<T>) {
    if (json.is_null()) {
      out.reset();
    } else {
      read(json, out.emplace(), path, bytes);
    }
  } else if constexpr (kIsVector<T>) {
    if (!json.is_array()) fail_type(json, path, "an array");
    out.clear();
    for (std::size_t i = 0; i < json.size(); ++i) {
      read(json[i], out.emplace_back(), path + "[" + std::to_string(i) + "]", bytes);
    }
  } else if constexpr (kIsStringMap<T>) {
    if (!json.is_object()) fail_type(json, path, "an object");
    out.clear();
    for (const auto& [key, value] : json.items()) {
      read(value, out[key], path + "." + key, bytes);
    }
  } else if constexpr (kIsVariant<T>) {
    if (!json.is_object()) fail_type(json, path, "an object with a \"type\"");
    read_variant(json, out, path);
  } else if constexpr (HasFields<T>) {
    if (!json.is_object()) fail_type(json, path, "an object");
    read_fields(json, out, path, false);
  } else {
    static_assert(kNoJsonForm<T>, "no JSON form for this type");
  }
}

}  // namespace truinlag::json_detail
