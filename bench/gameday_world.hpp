// The world of the simulated game day: sessions, teams, players and the
// catalogue they play with, built through the engine's own commands.
#pragma once

#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "store/store.hpp"

namespace truinlag::bench {

struct SimTeam {
  TeamId id = 0;
  std::vector<PlayerId> players;
  // Where the team is: it rides around Zürich as one group.
  double latitude = 47.3769;
  double longitude = 8.5417;
  double heading = 0;  // radians
};

struct SimSession {
  SessionId id = 0;
  std::vector<SimTeam> teams;
};

struct WorldShape {
  int sessions = 3;
  int teams_per_session = 10;
  int players_per_team = 3;
  int catchers_per_session = 3;
  int challenges = 300;  // approved ones in the set every session plays
};

// Runs a command that must succeed at `now`, committing its changes;
// throws std::runtime_error naming the command if the engine refuses.
Result must(engine::Engine& engine, store::Store& store, const Command& command, Timestamp now);

// Builds the world and starts every session's game at `now` (09:00 in
// Zürich; the games run until 17:30, past the 8 simulated hours).
std::vector<SimSession> build_world(engine::Engine& engine, store::Store& store,
                                    const WorldShape& shape, Timestamp now);

}  // namespace truinlag::bench
