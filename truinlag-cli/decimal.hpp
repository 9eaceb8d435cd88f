// Integers as organisers type them: decimal digits with an optional '-'
// (for a signed type), in the range of the value's type. Nothing else:
// no blanks, no '+', no "0x10" (CLI11 and strtoll read that as 16 and
// "010" as 8, and saturate past the range instead of refusing).
#pragma once

#include <charconv>
#include <concepts>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace truinlag::cli {

// "an integer from -9223372036854775808 to 9223372036854775807"
template <std::integral T>
std::string integer_range_text() {
  return "an integer from " + std::to_string(std::numeric_limits<T>::min()) + " to " +
         std::to_string(std::numeric_limits<T>::max());
}

// Empty if all of `text` is a decimal integer in T's range, which is then
// in `out`; else why not: "expected a decimal integer, got \"0x10\"" or
// "9223372036854775808 is out of range (an integer from ... to ...)".
template <std::integral T>
std::string read_decimal(std::string_view text, T& out) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = text.substr(negative ? 1 : 0);
  const bool well_formed =
      !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!well_formed) return "expected a decimal integer, got \"" + std::string(text) + "\"";
  const auto out_of_range = [&] {
    return std::string(text) + " is out of range (" + integer_range_text<T>() + ")";
  };
  if constexpr (std::is_unsigned_v<T>) {
    // "-0" is zero; any other negative number is out of an unsigned range.
    if (negative && digits.find_first_not_of('0') != std::string_view::npos) {
      return out_of_range();
    }
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    if (error != std::errc{} || end != digits.data() + digits.size()) return out_of_range();
  } else {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (error != std::errc{} || end != text.data() + text.size()) return out_of_range();
  }
  return {};
}

// The value, if all of `text` is a decimal integer in T's range.
template <std::integral T>
std::optional<T> parse_decimal(std::string_view text) {
  T value{};
  if (!read_decimal(text, value).empty()) return std::nullopt;
  return value;
}

}  // namespace truinlag::cli
