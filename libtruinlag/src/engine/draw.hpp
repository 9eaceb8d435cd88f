// Drawing a runner's open challenges (game-rules section 8).
//
// The draw reads only the game's snapshot (config, pool, zones), the team
// and the clock: edits of global data during a game never reach it. Its
// parts live next door: generation_period (time of day), draw_slots
// (slots, filters, relaxation, zone limits), points (the formula) and
// challenge_text (titles and descriptions). docs/challenges.md explains
// the whole with a worked example.
#pragma once

#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/generation_period.hpp"
#include "engine/state.hpp"

namespace truinlag::engine {

struct DrawRequest {
  const TeamData& team;
  const Snapshot& snapshot;  // the game's frozen pool, zones and config
  Timestamp now;
  bool underdog = true;         // false for the first draw at game start
  std::int64_t top_points = 0;  // the best team's points in the session
};

struct DrawResult {
  bool drawn = false;  // false: the pool was empty, keep the old challenges
  GenerationPeriod period;
  std::vector<OpenChallenge> challenges;  // shuffled
  std::vector<std::string> notes;         // log lines
  std::vector<std::string> warnings;      // log lines at warning level: no challenge found
  // The drawn challenges whose action is a Trap, with the catchers' message.
  std::map<ChallengeId, std::optional<std::string>> traps;
};

DrawResult draw_challenges(const DrawRequest& request, std::mt19937_64& rng);

// What the handlers call: replaces the open challenges of a runner of the
// running game of `session`, the underdog bonus measured against the best
// team of the session (`teams`: all teams). The draw's notes and warnings
// go to `outcome`, and a TrapSet broadcast for each trap drawn; false if the
// pool had nothing, and the old challenges stay.
bool draw_for(TeamData& team, const SessionData& session, const std::map<TeamId, TeamData>& teams,
              Timestamp now, bool underdog, std::mt19937_64& rng, Outcome& outcome);

}  // namespace truinlag::engine
