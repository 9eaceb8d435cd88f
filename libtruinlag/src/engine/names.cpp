#include "engine/names.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace truinlag::engine {

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
