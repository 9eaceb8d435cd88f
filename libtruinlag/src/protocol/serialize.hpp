// cereal serialisation of every wire type, from its field list.
//
// The library itself no longer encodes through cereal: StringOutputArchive
// writes the same bytes faster (string_output_archive.hpp), and
// BoundedInputArchive reads them with every size checked. These functions
// keep cereal's own archives usable as the reference the tests compare
// both against.
#pragma once

#include <cereal/cereal.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>

#include "truinlag/fields.hpp"

namespace truinlag {

namespace protocol {
// The value format being written (fields.hpp). Always the current one,
// except inside encode_value(value, format), which tests use to produce
// the bytes an older build stored.
inline thread_local std::uint32_t encode_format = kValueFormat;
}  // namespace protocol

// Found by ADL for every struct with a field list: the fields in order, no
// names. Fields newer than the format being written are left out. Enums go
// through cereal's common.hpp as their underlying integer.
template <class Archive, HasFields T>
void serialize(Archive& archive, T& value) {
  std::apply(
      [&](const auto&... field) {
        ((field.since <= protocol::encode_format ? void(archive(value.*(field.member))) : void()), ...);
      },
      T::kFields);
}

}  // namespace truinlag

// The engine's own stored values (its game snapshot) use the same
// field-list serialisation; ADL finds it through this declaration.
namespace truinlag::engine {
using truinlag::serialize;
}  // namespace truinlag::engine
