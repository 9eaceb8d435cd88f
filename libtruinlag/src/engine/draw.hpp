// Drawing a runner's open challenges.
//
// This is the interface game-rules section 8 needs (team, snapshot with
// its config, clock, random generator, underdog switch). The selection
// behind it is still the simple one of issue #3: uniform among the
// eligible challenges of the game's pool, points = the challenge's
// additional points; issue #5 replaces it with generation periods, slots,
// filters and the points formula.
#pragma once

#include <random>
#include <string>
#include <vector>

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
  std::vector<OpenChallenge> challenges;
  std::vector<std::string> notes;  // log lines
};

DrawResult draw_challenges(const DrawRequest& request, std::mt19937_64& rng);

// Title and description of a drawn challenge (section 8, "Texts").
std::string challenge_title(const Challenge& challenge, const Config& config);
std::string challenge_description(const Challenge& challenge, const Config& config);

}  // namespace truinlag::engine
