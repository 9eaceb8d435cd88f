// Wire types to JSON (see truinlag/json.hpp for the shapes). Include
// truinlag/json.hpp.
#pragma once

#include <type_traits>

#include "truinlag/json/base64.hpp"
#include "truinlag/json/detail.hpp"

namespace truinlag::json_detail {

template <class Json, class T>
Json write(const T& value, bool bytes = false);

template <class Json, HasFields T>
void write_fields(const T& value, Json& out) {
  for_each_field(value, [&](std::string_view name, const auto& field) {
    if constexpr (kOmitsUnset<T> && kIsOptional<std::decay_t<decltype(field)>>) {
      if (!field) return;
    }
    out[std::string(name)] = write<Json>(field, is_bytes_field(name));
  });
}

// `bytes`: the value belongs to a byte-string field, so strings are base64.
template <class Json, class T>
Json write(const T& value, bool bytes) {
  if constexpr (std::is_arithmetic_v<T>) {
    return Json(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return Json(bytes ? base64_encode(value) : value);
  } else if constexpr (NamedEnum<T>) {
    return Json(std::string(enum_name(value)));
  } else if constexpr (std::is_same_v<T, TimeOfDay>) {
    return Json(time_of_day_text(value));
  } else if constexpr (std::is_same_v<T, Colour>) {
    return Json(colour_text(value));
  } else if constexpr (kIsRange<T>) {
    return Json::array({value.start, value.end});
  } else if constexpr (kIsOptional<T>) {
    return value ? write<Json>(*value, bytes) : Json(nullptr);
  } else if constexpr (kIsVector<T>) {
    Json out = Json::array();
    for (const auto& element : value) out.push_back(write<Json>(element, bytes));
    return out;
  } else if constexpr (kIsStringMap<T>) {
    Json out = Json::object();
    for (const auto& [key, mapped] : value) out[key] = write<Json>(mapped, bytes);
    return out;
  } else if constexpr (kIsVariant<T>) {
    static_assert(VariantTags<T>::kUnambiguous, "variant cannot be tagged by \"type\"");
    return std::visit(
        [](const auto& alternative) {
          using A = std::decay_t<decltype(alternative)>;
          Json out = Json::object();
          out["type"] = std::string(A::kName);
          write_fields(alternative, out);
          return out;
        },
        value);
  } else if constexpr (HasFields<T>) {
    Json out = Json::object();
    write_fields(value, out);
    return out;
  } else {
    static_assert(kNoJsonForm<T>, "no JSON form for this type");
  }
}

}  // namespace truinlag::json_detail
