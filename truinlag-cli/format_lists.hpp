// Text for the list verbs: one line per thing, within 80 columns.
#pragma once

#include <string>
#include <vector>

#include "truinlag/results.hpp"

namespace truinlag::cli {

std::string sessions_text(const GlobalState& state);
std::string players_text(const GlobalState& state);
std::string sets_text(const std::vector<ChallengeSet>& sets);
// Zones by number with their travel times to other zones (by number).
std::string zones_text(const std::vector<Zone>& zones);
std::string challenges_text(const std::vector<Challenge>& challenges);
std::string past_games_text(const std::vector<PastGameSummary>& games);
std::string past_game_text(const PastGame& game);
// "key = value" per key, values as in JSON; `overrides` marks the keys the
// session sets itself.
std::string config_text(const Config& config, const ConfigPatch& overrides);

}  // namespace truinlag::cli
