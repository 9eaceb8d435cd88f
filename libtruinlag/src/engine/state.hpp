// Everything the engine owns. Plain data with value semantics: handlers
// mutate it, tests compare whole states, and the store (issue #4) loads
// and saves it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/outcome.hpp"
#include "truinlag/challenge.hpp"
#include "truinlag/config.hpp"
#include "truinlag/past_game.hpp"
#include "truinlag/player.hpp"
#include "truinlag/session.hpp"
#include "truinlag/team.hpp"
#include "truinlag/token.hpp"
#include "truinlag/zone.hpp"

namespace truinlag::engine {

// What a running game uses, frozen at Start (game-rules section 1): edits
// of global data during the game do not reach it.
struct Snapshot {
  Config config;
  std::map<ChallengeId, Challenge> challenges;  // the pool: challenges of the configured sets
  std::map<ZoneId, Zone> zones;
  std::map<PlayerId, std::string> player_names;
  ZoneId centre_zone = 0;  // resolved from the config's zone numbers
  ZoneId start_zone = 0;

  static constexpr auto kFields = std::tuple{Field{"config", &Snapshot::config},
                                             Field{"challenges", &Snapshot::challenges},
                                             Field{"zones", &Snapshot::zones},
                                             Field{"player_names", &Snapshot::player_names},
                                             Field{"centre_zone", &Snapshot::centre_zone},
                                             Field{"start_zone", &Snapshot::start_zone}};
  bool operator==(const Snapshot&) const = default;
};

struct SessionData {
  Session session;                   // public face; `game` set while one runs
  std::optional<Snapshot> snapshot;  // set iff session.game is
  // The game's corrections (AdjustTeam), in the order they were made. Like
  // the teams' periods they outlive Stop (which copies them into the past
  // game) until the next Start clears them, so GetEvents between games
  // shows the last game whole.
  std::vector<Correction> corrections;
  bool operator==(const SessionData&) const = default;
};

// A team with what clients do not see in `Team`.
struct TeamData {
  Team team;
  std::vector<Location> track;
  std::set<ChallengeId> completed;  // challenges completed in the running game
  bool operator==(const TeamData&) const = default;
};

// A login token (AddToken): its public face and the keyed hash of its
// secret (the secret itself is kept nowhere).
struct TokenData {
  TokenId id = 0;
  TokenInfo info;
  std::string secret_hash;
  bool operator==(const TokenData&) const = default;
};

// The next id of each kind; ids are never reused, even after deletion.
struct NextIds {
  std::int64_t session = 1, player = 1, challenge_set = 1, challenge = 1, zone = 1, team = 1,
               past_game = 1, picture = 1, token = 1;
  bool operator==(const NextIds&) const = default;
};

struct State {
  // Ordered maps: listings come out by id, deterministically.
  std::map<SessionId, SessionData> sessions;
  // Players' `passphrase` holds the keyed hash of the passphrase
  // (engine/secrets.hpp); no answer carries it.
  std::map<PlayerId, Player> players;
  std::map<ChallengeSetId, ChallengeSet> challenge_sets;
  std::map<ChallengeId, Challenge> challenges;
  std::map<ZoneId, Zone> zones;
  std::map<TeamId, TeamData> teams;
  std::map<PastGameId, PastGame> past_games;
  std::map<TokenId, TokenData> tokens;
  std::map<TimerKey, Timestamp> timers;  // armed timers and their deadlines (timers.hpp)
  NextIds next;
  bool operator==(const State&) const = default;
};

}  // namespace truinlag::engine
