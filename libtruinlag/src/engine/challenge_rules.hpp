// Validity and naming of raw challenges (game-rules section 2).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "truinlag/challenge.hpp"

namespace truinlag::engine {

// The ranges of a challenge's numbers (docs/architecture.md, "Input
// limits"): wide for any real challenge, narrow enough that the points
// formula cannot overflow.
inline constexpr double kMaxChallengeMinutes = 1440;      // a day
inline constexpr double kMaxChallengePoints = 1'000'000;  // either sign
inline constexpr double kMaxChallengeRepetitions = 1000;
inline constexpr double kMaxChallengeDistance = 1'000'000;  // metres
inline constexpr double kMaxChallengeDepartures = 1000;     // per hour
inline constexpr double kMaxChallengeBias = 100;
inline constexpr std::size_t kMaxChallengeLists = 100;

// The first number of the challenge out of its range, named; or nothing.
std::optional<std::string> challenge_number_problem(const Challenge& challenge);

// The first validity rule the challenge breaks, as BadData's text; nothing
// if it is valid. `set_exists` / `zone_exists` answer rule 7.
std::optional<std::string> challenge_problem(const Challenge& challenge,
                                             const std::function<bool(ChallengeSetId)>& set_exists,
                                             const std::function<bool(ZoneId)>& zone_exists);

// A challenge's name for uniqueness: its title, or its place for Kaff and
// ZKaff challenges without a title; nothing if it has neither.
std::optional<std::string> challenge_name(const Challenge& challenge);

}  // namespace truinlag::engine
