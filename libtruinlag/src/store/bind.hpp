// Small helpers for binding and reading optional values with SQLiteCpp.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <span>
#include <string>

#include "protocol/bounded_input_archive.hpp"
#include "truinlag/fields.hpp"

namespace truinlag::store {

inline void bind_value(SQLite::Statement& s, int index, std::int64_t v) { s.bind(index, v); }
inline void bind_value(SQLite::Statement& s, int index, std::uint64_t v) {
  s.bind(index, static_cast<std::int64_t>(v));
}
inline void bind_value(SQLite::Statement& s, int index, int v) { s.bind(index, v); }
inline void bind_value(SQLite::Statement& s, int index, bool v) { s.bind(index, v ? 1 : 0); }
inline void bind_value(SQLite::Statement& s, int index, double v) { s.bind(index, v); }
inline void bind_value(SQLite::Statement& s, int index, const std::string& v) { s.bind(index, v); }
template <class T>
void bind_value(SQLite::Statement& s, int index, const std::optional<T>& v) {
  if (v) {
    bind_value(s, index, *v);
  } else {
    s.bind(index);  // NULL
  }
}
inline void bind_blob(SQLite::Statement& s, int index, const std::string& bytes) {
  s.bind(index, static_cast<const void*>(bytes.data()), static_cast<int>(bytes.size()));
}

// Binds every argument in order, starting at index 1.
template <class... Args>
void bind_all(SQLite::Statement& s, const Args&... args) {
  int index = 0;
  (bind_value(s, ++index, args), ...);
}

// Runs a statement once with these arguments (reusable statements).
template <class... Args>
void run(SQLite::Statement& s, const Args&... args) {
  s.reset();
  s.clearBindings();
  bind_all(s, args...);
  s.exec();
}

template <class T>
std::optional<T> optional_column(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  if constexpr (std::is_same_v<T, std::string>) {
    return column.getString();
  } else if constexpr (std::is_same_v<T, double>) {
    return column.getDouble();
  } else if constexpr (std::is_same_v<T, bool>) {
    return column.getInt() != 0;
  } else {
    return static_cast<T>(column.getInt64());
  }
}

// A blob column's bytes.
inline std::span<const std::uint8_t> blob(const SQLite::Column& column) {
  return {static_cast<const std::uint8_t*>(column.getBlob()),
          static_cast<std::size_t>(column.getBytes())};
}

// The value format of a stored blob (fields.hpp); a newer one than this
// build knows is refused by the decoder.
inline std::uint32_t value_format(const SQLite::Column& column) {
  const std::int64_t format = column.getInt64();
  if (format < 1 || format > static_cast<std::int64_t>(kValueFormat)) {
    throw protocol::DecodeError("stored value format " + std::to_string(format) +
                                " is not one this build reads (it reads 1.." +
                                std::to_string(kValueFormat) + ")");
  }
  return static_cast<std::uint32_t>(format);
}

}  // namespace truinlag::store
