// Name rules of game-rules section 1: uniqueness ignores case and
// surrounding blanks; team names must not be confusingly similar.
#pragma once

#include <string>
#include <string_view>

#include "truinlag/names.hpp"

namespace truinlag::engine {

// The public name rules (truinlag/names.hpp), under the engine's names.
using truinlag::normalise_name;
using truinlag::same_name;
using truinlag::trim;

// The unrestricted Damerau–Levenshtein distance between two code-point
// strings: insertions, deletions, substitutions and transpositions of
// adjacent characters, where transposed characters may be edited further
// (so "ca" -> "abc" is 2, where the restricted variant says 3).
std::size_t damerau_levenshtein(std::u32string_view a, std::u32string_view b);

// 1 - distance / length of the longer name, on normalised names; 1.0 for
// two empty names. Team names with similarity >= 0.85 are confusable.
double name_similarity(std::string_view a, std::string_view b);

inline constexpr double kTeamNameSimilarityLimit = 0.85;

}  // namespace truinlag::engine
