// Team names for the benchmarks. The engine refuses a team name too
// similar to another of the session ("Team 1" vs "Team 2"), so teams get
// words that differ in every letter position.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace truinlag::bench {

inline constexpr std::array<std::string_view, 12> kTeamNames{"Alpha", "Bravo",   "Charlie", "Delta",
                                                             "Echo",  "Foxtrot", "Golf",    "Hotel",
                                                             "India", "Juliett", "Kilo",    "Lima"};

inline std::string team_name(std::size_t index) {
  if (index >= kTeamNames.size()) throw std::out_of_range("more teams than team names");
  return std::string(kTeamNames[index]);
}

}  // namespace truinlag::bench
