// The public name rules (truinlag/names.hpp). They live apart from the
// engine so that clients (the CLI) share them without reaching into the
// engine's code; the engine uses them through engine/names.hpp.
#include "truinlag/names.hpp"

#include <algorithm>

namespace truinlag {
namespace {

// Decodes UTF-8; malformed bytes become U+FFFD so that comparison never
// fails (names are validated as text elsewhere).
std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t code = 0;
    if (lead < 0x80) {
      code = lead;
    } else if ((lead & 0xe0) == 0xc0) {
      code = lead & 0x1f;
      extra = 1;
    } else if ((lead & 0xf0) == 0xe0) {
      code = lead & 0x0f;
      extra = 2;
    } else if ((lead & 0xf8) == 0xf0) {
      code = lead & 0x07;
      extra = 3;
    } else {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) {  // truncated sequence
      out.push_back(U'\uFFFD');
      break;
    }
    bool valid = true;
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xc0) != 0x80) {
        valid = false;
        break;
      }
      code = (code << 6) | (next & 0x3f);
    }
    if (!valid) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(code);
    i += 1 + static_cast<std::size_t>(extra);
  }
  return out;
}

char32_t to_lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  // Latin-1: À..Þ except × map to à..þ.
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  // Latin Extended-A pairs upper/lower at even/odd code points (with two
  // ranges shifted by one).
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
  if (c == 0x178) return 0xFF;  // Ÿ
  return c;
}

bool is_blank(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' ||
         c == 0xA0;
}

}  // namespace

std::string trim(std::string_view text) {
  const auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::u32string normalise_name(std::string_view utf8) {
  std::u32string text = decode_utf8(utf8);
  auto first = std::find_if_not(text.begin(), text.end(), is_blank);
  auto last = std::find_if_not(text.rbegin(), text.rend(), is_blank).base();
  std::u32string out;
  if (first < last) {
    out.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) out.push_back(to_lower(*it));
  }
  return out;
}

bool same_name(std::string_view a, std::string_view b) {
  return normalise_name(a) == normalise_name(b);
}

}  // namespace truinlag
