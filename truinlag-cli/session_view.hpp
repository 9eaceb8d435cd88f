// What `state SESSION` and `events SESSION` show: the engine's answers
// joined with names (players, teams) and zone numbers. Pure, so tests need
// no daemon.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "truinlag/results.hpp"

namespace truinlag::cli {

// Everything one view is made from; the references must outlive it.
struct SessionView {
  const SessionState& state;
  const std::vector<Player>& players;  // for names (GetState)
  const std::vector<Zone>& zones;      // for zone numbers (GetZones)
  Timestamp now;                       // decides whether a grace period is over
};

// The `state SESSION --json` document (docs/cli.md):
//   {"teams": [{"id", "name", "role", "points", "bounty", "period_id",
//               "in_grace_period", "colour", "players": [names],
//               "challenges": [{"title", "description", "points", "zone"}],
//               "location"}...],
//    "events": [...], "game": {...} or null}
// A challenge's "zone" is its zone number (null if it has none).
nlohmann::ordered_json session_json(const SessionView& view);

// The same for people: a header, a block per team, the events.
std::string session_text(const SessionView& view);

// One line per event, oldest first: "12:03:17 Foxes caught Wolves (bounty 120)".
std::string events_text(const std::vector<Event>& events, const std::vector<Team>& teams);

// A team's period id: what `game catch` and `game complete` take as --period.
std::uint64_t period_id(const Team& team);

}  // namespace truinlag::cli
