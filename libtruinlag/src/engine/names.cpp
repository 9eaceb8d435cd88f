#include "engine/names.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace truinlag::engine {
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

std::size_t damerau_levenshtein(std::u32string_view a, std::u32string_view b) {
  // Lowrance–Wagner: the unrestricted distance, with a table padded by one
  // row and column of "infinity" and the last row seen for each character.
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  const std::size_t infinity = n + m;
  std::vector<std::size_t> table((n + 2) * (m + 2), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return table[i * (m + 2) + j]; };
  at(0, 0) = infinity;
  for (std::size_t i = 0; i <= n; ++i) {
    at(i + 1, 0) = infinity;
    at(i + 1, 1) = i;
  }
  for (std::size_t j = 0; j <= m; ++j) {
    at(0, j + 1) = infinity;
    at(1, j + 1) = j;
  }
  std::map<char32_t, std::size_t> last_row;  // 1-based row of the last occurrence in a
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t last_match_column = 0;
    for (std::size_t j = 1; j <= m; ++j) {
      const auto found = last_row.find(b[j - 1]);
      const std::size_t k = found == last_row.end() ? 0 : found->second;
      const std::size_t l = last_match_column;
      std::size_t cost = 1;
      if (a[i - 1] == b[j - 1]) {
        cost = 0;
        last_match_column = j;
      }
      at(i + 1, j + 1) = std::min({at(i, j) + cost,                             // substitute
                                   at(i + 1, j) + 1,                            // insert
                                   at(i, j + 1) + 1,                            // delete
                                   at(k, l) + (i - k - 1) + 1 + (j - l - 1)});  // transpose
    }
    last_row[a[i - 1]] = i;
  }
  return at(n + 1, m + 1);
}

double name_similarity(std::string_view a, std::string_view b) {
  const std::u32string x = normalise_name(a);
  const std::u32string y = normalise_name(b);
  const std::size_t longest = std::max(x.size(), y.size());
  if (longest == 0) return 1.0;
  return 1.0 - static_cast<double>(damerau_levenshtein(x, y)) / static_cast<double>(longest);
}

}  // namespace truinlag::engine
