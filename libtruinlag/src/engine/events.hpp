// Events of a game, derived from the teams' periods (game-rules section 2)
// and the organisers' corrections (section 10).
#pragma once

#include <vector>

#include "engine/state.hpp"

namespace truinlag::engine {

// Catch events come from catcher periods, completions from completed-
// challenge periods; each carries the period's pictures and the track point
// at the period's end. The game's corrections join them as they are.
// Ordered by time (ties: by team id, then period, a team's corrections after
// its periods in the order they were made).
std::vector<Event> derive_events(const std::vector<const TeamData*>& teams,
                                 const std::vector<Correction>& corrections);

// The track point at the end of a period, if the period covers any.
std::optional<Location> period_end_location(const TeamData& team, const Period& period);

}  // namespace truinlag::engine
