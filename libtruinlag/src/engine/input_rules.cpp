#include "engine/input_rules.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <type_traits>
#include <variant>
#include <vector>

namespace truinlag::engine {
namespace {

std::string hex_byte(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", byte);
  return text;
}

std::string code_point(char32_t code) {
  char text[12];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(code));
  return text;
}

// Decodes one UTF-8 sequence at text[i] (strictly: no overlong forms, no
// surrogates, nothing past U+10FFFF); its length, or 0 if malformed.
std::size_t decode_one(std::string_view text, std::size_t i, char32_t& code) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    code = lead;
    return 1;
  } else if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, code = lead & 0x1f, min = 0x80;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, code = lead & 0x0f, min = 0x800;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, code = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xc0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

bool allowed_control(char32_t code, TextKind kind) {
  return kind == TextKind::Text && (code == '\n' || code == '\r' || code == '\t');
}

std::size_t max_bytes(TextKind kind) {
  switch (kind) {
    case TextKind::Line:
      return kMaxLineBytes;
    case TextKind::Text:
      return kMaxTextBytes;
    case TextKind::Path:
      return kMaxPathBytes;
    case TextKind::Binary:
      break;
  }
  return static_cast<std::size_t>(-1);
}

// Walks a value's fields depth first, keeping the path of the current one
// and the first problem found.
struct Walker {
  std::string path;
  std::string field;  // the innermost field name: what kind of text it holds
  std::optional<std::string> problem;

  void fail(const std::string& why) {
    if (!problem) problem = (path.empty() ? std::string("value") : path) + ": " + why;
  }

  template <class T>
  void walk(const T& value) {
    if (problem) return;
    if constexpr (std::is_same_v<T, std::string>) {
      const TextKind kind = text_kind(field);
      if (kind == TextKind::Binary) return;
      if (auto why = text_problem(value, kind)) fail(*why);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (!std::isfinite(value)) fail("must be a finite number, not " + number_text(value));
    } else if constexpr (requires {
                           typename T::value_type;
                           value.has_value();
                         }) {
      if (value) walk(*value);  // std::optional
    } else if constexpr (requires { typename T::mapped_type; }) {
      for (const auto& [key, mapped] : value) {  // std::map<std::string, V>
        const std::size_t length = path.size();
        path += "[" + std::string(key.substr(0, 40)) + "]";
        if constexpr (std::is_same_v<std::decay_t<decltype(key)>, std::string>) {
          if (auto why = text_problem(key, TextKind::Line)) fail("key " + *why);
        }
        walk(mapped);
        path.resize(length);
      }
    } else if constexpr (requires {
                           typename T::value_type;
                           value.size();
                           value[0];
                         }) {
      for (std::size_t i = 0; i < value.size() && !problem; ++i) {  // std::vector
        const std::size_t length = path.size();
        path += "[" + std::to_string(i) + "]";
        walk(value[i]);
        path.resize(length);
      }
    } else if constexpr (requires { std::variant_size<T>::value; }) {
      std::visit([&](const auto& alternative) { walk(alternative); }, value);
    } else if constexpr (HasFields<T>) {
      std::apply([&](const auto&... f) { (member(f.name, value.*(f.member)), ...); }, T::kFields);
    }
    // Integers, booleans and enums: the decoders check their ranges.
  }

  template <class M>
  void member(std::string_view name, const M& value) {
    const std::size_t length = path.size();
    const std::string outer = field;
    if (!path.empty()) path += ".";
    path += name;
    field = std::string(name);
    walk(value);
    path.resize(length);
    field = outer;
  }
};

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

TextKind text_kind(std::string_view field) {
  // Ping's payload is echoed to everyone and stored nowhere: opaque bytes
  // bounded by the frame and output limits, like a picture.
  if (field == "jpeg" || field == "jpegs" || field == "payload") return TextKind::Binary;
  if (field == "path") return TextKind::Path;
  if (contains(field, "description") || field == "comment" || contains(field, "message")) {
    return TextKind::Text;
  }
  return TextKind::Line;
}

std::optional<std::string> text_problem(std::string_view text, TextKind kind) {
  if (kind == TextKind::Binary) return std::nullopt;
  const std::size_t limit = max_bytes(kind);
  if (text.size() > limit) {
    return std::to_string(text.size()) + " bytes, the limit is " + std::to_string(limit);
  }
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = 0;
    const std::size_t length = decode_one(text, i, code);
    if (length == 0) {
      return "not valid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(text[i])) +
             " at offset " + std::to_string(i) + ")";
    }
    const bool control = code < 0x20 || code == 0x7f || (code >= 0x80 && code <= 0x9f);
    if (control && !allowed_control(code, kind)) {
      return "control character " + code_point(code) + " at offset " + std::to_string(i) +
             (kind == TextKind::Line ? " (line breaks only in descriptions, comments and messages)"
                                     : "");
    }
    i += length;
  }
  return std::nullopt;
}

std::optional<std::string> input_problem(const Command& command) {
  if (std::holds_alternative<Import>(command)) return std::nullopt;
  Walker walker;
  std::visit([&](const auto& c) { walker.walk(c); }, command);
  return walker.problem;
}

std::optional<std::string> location_problem(const Location& l, Timestamp now) {
  const auto outside = [](const char* field, double value, const char* range) {
    return std::optional<std::string>(std::string("location.") + field + ": " + number_text(value) +
                                      " is outside " + range);
  };
  if (!std::isfinite(l.latitude) || l.latitude < -90 || l.latitude > 90) {
    return outside("latitude", l.latitude, "[-90, 90] degrees");
  }
  if (!std::isfinite(l.longitude) || l.longitude < -180 || l.longitude > 180) {
    return outside("longitude", l.longitude, "[-180, 180] degrees");
  }
  if (!std::isfinite(l.accuracy) || l.accuracy < 0) {
    return outside("accuracy", l.accuracy, "[0, inf) metres");
  }
  if (!std::isfinite(l.speed) || l.speed < 0) return outside("speed", l.speed, "[0, inf) m/s");
  if (!std::isfinite(l.heading) || l.heading < 0 || l.heading >= 360) {
    return outside("heading", l.heading, "[0, 360) degrees");
  }
  // Phones on trains send late; a day covers any offline stretch of a game
  // day, and anything further off is a broken clock or a unit mistake
  // (seconds for milliseconds), which would stall the team's track.
  const bool too_old = l.timestamp < now - kLocationWindowMillis;
  const bool too_new = l.timestamp > now + kLocationWindowMillis;
  if (too_old || too_new) {
    return "location.timestamp: " + std::to_string(l.timestamp) + " ms is more than a day " +
           (too_old ? "before" : "after") + " the daemon's clock (" + std::to_string(now) +
           " ms since the epoch)";
  }
  return std::nullopt;
}

}  // namespace truinlag::engine
