// Builds, through a connection, a session whose game is running, so that
// the write workload can send locations the engine accepts and stores.
#pragma once

#include <string>
#include <vector>

#include "client_pool.hpp"

namespace truinlag::bench {

struct RunningGame {
  SessionId session = 0;
  std::vector<PlayerId> players;  // every player belongs to a team
};

// A fixed-offset time zone in which it is about noon now, so the game day
// (06:00-22:00 there) is running whatever hour the benchmark runs at.
std::string zone_where_it_is_noon();

// Session `name` with `teams` teams of `players_per_team` players, one
// zone, five approved challenges and one catcher, started. Uses client 0
// of `pool`; throws std::runtime_error if the engine refuses a step.
RunningGame start_game(ClientPool& pool, const std::string& name, int teams, int players_per_team);

}  // namespace truinlag::bench
