// Archived games (created by Stop) and pictures.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "truinlag/session.hpp"
#include "truinlag/team.hpp"

namespace truinlag {

// A period of a past game, with where the team was when it ended.
struct PastPeriod {
  Period period;
  std::optional<Location> end_location;

  static constexpr auto kFields = std::tuple{Field{"period", &PastPeriod::period},
                                             Field{"end_location", &PastPeriod::end_location}};
  bool operator==(const PastPeriod&) const = default;
};

// A team as it ended a game.
struct PastTeam {
  TeamId id = 0;
  std::string name;
  std::vector<std::string> players;  // names, as in the game's snapshot
  std::vector<PlayerId> player_ids;  // the same players by id (ListPastGames(player))
  Role role = Role::Runner;
  Colour colour;
  std::int64_t points = 0;
  std::int64_t bounty = 0;
  std::optional<ZoneId> zone;
  std::optional<Location> first_location;
  std::optional<Location> last_location;
  std::vector<OpenChallenge> challenges;
  std::vector<PastPeriod> periods;

  static constexpr auto kFields = std::tuple{Field{"id", &PastTeam::id},
                                             Field{"name", &PastTeam::name},
                                             Field{"players", &PastTeam::players},
                                             Field{"player_ids", &PastTeam::player_ids},
                                             Field{"role", &PastTeam::role},
                                             Field{"colour", &PastTeam::colour},
                                             Field{"points", &PastTeam::points},
                                             Field{"bounty", &PastTeam::bounty},
                                             Field{"zone", &PastTeam::zone},
                                             Field{"first_location", &PastTeam::first_location},
                                             Field{"last_location", &PastTeam::last_location},
                                             Field{"challenges", &PastTeam::challenges},
                                             Field{"periods", &PastTeam::periods}};
  bool operator==(const PastTeam&) const = default;
};

struct PastGame {
  PastGameId id = 0;
  std::string name;
  Timestamp start = 0;
  Timestamp end = 0;
  Mode mode = Mode::Traditional;
  std::vector<PastTeam> teams;
  std::vector<Event> events;

  static constexpr auto kFields =
      std::tuple{Field{"id", &PastGame::id},        Field{"name", &PastGame::name},
                 Field{"start", &PastGame::start},  Field{"end", &PastGame::end},
                 Field{"mode", &PastGame::mode},    Field{"teams", &PastGame::teams},
                 Field{"events", &PastGame::events}};
  bool operator==(const PastGame&) const = default;
};

// One line of ListPastGames.
struct PastGameSummary {
  PastGameId id = 0;
  std::string name;
  Timestamp start = 0;

  static constexpr auto kFields =
      std::tuple{Field{"id", &PastGameSummary::id}, Field{"name", &PastGameSummary::name},
                 Field{"start", &PastGameSummary::start}};
  bool operator==(const PastGameSummary&) const = default;
};

// A stored JPEG (a full picture or a thumbnail).
struct Picture {
  PictureId id = 0;
  std::string jpeg;  // the bytes

  static constexpr auto kFields =
      std::tuple{Field{"id", &Picture::id}, Field{"jpeg", &Picture::jpeg}};
  bool operator==(const Picture&) const = default;
};

}  // namespace truinlag
