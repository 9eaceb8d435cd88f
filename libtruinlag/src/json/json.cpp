#include <algorithm>
#include <cstdio>

#include "truinlag/json/detail.hpp"

namespace truinlag::json_detail {
namespace {

// The value of a hex or decimal digit, or -1.
int digit_value(char c, int base) {
  int value = -1;
  if (c >= '0' && c <= '9') value = c - '0';
  if (c >= 'a' && c <= 'f') value = c - 'a' + 10;
  if (c >= 'A' && c <= 'F') value = c - 'A' + 10;
  return value < base ? value : -1;
}

// The two-digit number at text[at], or -1.
int two_digits(std::string_view text, std::size_t at, int base) {
  const int high = digit_value(text[at], base);
  const int low = digit_value(text[at + 1], base);
  return high < 0 || low < 0 ? -1 : high * base + low;
}

}  // namespace

void fail(const std::string& path, const std::string& message) {
  throw JsonError(path + ": " + message);
}

std::string time_of_day_text(TimeOfDay time) {
  char text[16];
  std::snprintf(text, sizeof text, "%02u:%02u", unsigned{time.hour}, unsigned{time.minute});
  return text;
}

std::optional<TimeOfDay> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const int hour = two_digits(text, 0, 10);
  const int minute = two_digits(text, 3, 10);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  return TimeOfDay{static_cast<std::uint8_t>(hour), static_cast<std::uint8_t>(minute)};
}

std::string colour_text(Colour colour) {
  char text[16];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", unsigned{colour.r}, unsigned{colour.g},
                unsigned{colour.b});
  return text;
}

std::optional<Colour> parse_colour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  const int r = two_digits(text, 1, 16);
  const int g = two_digits(text, 3, 16);
  const int b = two_digits(text, 5, 16);
  if (r < 0 || g < 0 || b < 0) return std::nullopt;
  return Colour{static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
                static_cast<std::uint8_t>(b)};
}

std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

bool is_bytes_field(std::string_view name) { return name == "jpeg" || name == "jpegs"; }

}  // namespace truinlag::json_detail
