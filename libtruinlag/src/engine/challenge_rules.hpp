// Validity and naming of raw challenges (game-rules section 2).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "truinlag/challenge.hpp"

namespace truinlag::engine {

// The first validity rule the challenge breaks, as BadData's text; nothing
// if it is valid. `set_exists` / `zone_exists` answer rule 7.
std::optional<std::string> challenge_problem(const Challenge& challenge,
                                             const std::function<bool(ChallengeSetId)>& set_exists,
                                             const std::function<bool(ZoneId)>& zone_exists);

// A challenge's name for uniqueness: its title, or its place for Kaff and
// ZKaff challenges without a title; nothing if it has neither.
std::optional<std::string> challenge_name(const Challenge& challenge);

}  // namespace truinlag::engine
