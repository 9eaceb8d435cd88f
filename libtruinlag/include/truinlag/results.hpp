// The closed set of answers to commands.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "truinlag/basics.hpp"
#include "truinlag/catalogue.hpp"
#include "truinlag/challenge.hpp"
#include "truinlag/config.hpp"
#include "truinlag/errors.hpp"
#include "truinlag/past_game.hpp"
#include "truinlag/player.hpp"
#include "truinlag/session.hpp"
#include "truinlag/team.hpp"
#include "truinlag/token.hpp"
#include "truinlag/zone.hpp"

namespace truinlag {

struct Success {
  static constexpr std::string_view kName = "success";
  static constexpr auto kFields = std::tuple{};
  bool operator==(const Success&) const = default;
};

// The command was refused; nothing changed.
struct Failure {
  Error error;

  static constexpr std::string_view kName = "failure";
  static constexpr auto kFields = std::tuple{Field{"error", &Failure::error}};
  bool operator==(const Failure&) const = default;
};

// The id of a new session, player, set, challenge, zone or team.
struct Created {
  std::int64_t id = 0;

  static constexpr std::string_view kName = "created";
  static constexpr auto kFields = std::tuple{Field{"id", &Created::id}};
  bool operator==(const Created&) const = default;
};

struct GlobalState {
  std::vector<Session> sessions;
  std::vector<Player> players;

  static constexpr std::string_view kName = "global_state";
  static constexpr auto kFields = std::tuple{Field{"sessions", &GlobalState::sessions},
                                             Field{"players", &GlobalState::players}};
  bool operator==(const GlobalState&) const = default;
};

struct SessionState {
  Session session;
  std::vector<Team> teams;
  std::vector<Event> events;
  std::optional<GameInfo> game;

  static constexpr std::string_view kName = "session_state";
  static constexpr auto kFields =
      std::tuple{Field{"session", &SessionState::session}, Field{"teams", &SessionState::teams},
                 Field{"events", &SessionState::events}, Field{"game", &SessionState::game}};
  bool operator==(const SessionState&) const = default;
};

struct ConfigResult {
  Config config;

  static constexpr std::string_view kName = "config";
  static constexpr auto kFields = std::tuple{Field{"config", &ConfigResult::config}};
  bool operator==(const ConfigResult&) const = default;
};

struct PlayerResult {
  Player player;

  static constexpr std::string_view kName = "player";
  static constexpr auto kFields = std::tuple{Field{"player", &PlayerResult::player}};
  bool operator==(const PlayerResult&) const = default;
};

struct ChallengeSets {
  std::vector<ChallengeSet> sets;

  static constexpr std::string_view kName = "challenge_sets";
  static constexpr auto kFields = std::tuple{Field{"sets", &ChallengeSets::sets}};
  bool operator==(const ChallengeSets&) const = default;
};

struct Challenges {
  std::vector<Challenge> challenges;

  static constexpr std::string_view kName = "challenges";
  static constexpr auto kFields = std::tuple{Field{"challenges", &Challenges::challenges}};
  bool operator==(const Challenges&) const = default;
};

struct Zones {
  std::vector<Zone> zones;

  static constexpr std::string_view kName = "zones";
  static constexpr auto kFields = std::tuple{Field{"zones", &Zones::zones}};
  bool operator==(const Zones&) const = default;
};

struct Pictures {
  std::vector<Picture> pictures;

  static constexpr std::string_view kName = "pictures";
  static constexpr auto kFields = std::tuple{Field{"pictures", &Pictures::pictures}};
  bool operator==(const Pictures&) const = default;
};

struct PictureIds {
  std::vector<PictureId> ids;

  static constexpr std::string_view kName = "picture_ids";
  static constexpr auto kFields = std::tuple{Field{"ids", &PictureIds::ids}};
  bool operator==(const PictureIds&) const = default;
};

struct PastGames {
  std::vector<PastGameSummary> games;

  static constexpr std::string_view kName = "past_games";
  static constexpr auto kFields = std::tuple{Field{"games", &PastGames::games}};
  bool operator==(const PastGames&) const = default;
};

struct PastGameResult {
  PastGame game;

  static constexpr std::string_view kName = "past_game";
  static constexpr auto kFields = std::tuple{Field{"game", &PastGameResult::game}};
  bool operator==(const PastGameResult&) const = default;
};

struct PeriodIndex {
  std::uint64_t index = 0;

  static constexpr std::string_view kName = "period";
  static constexpr auto kFields = std::tuple{Field{"index", &PeriodIndex::index}};
  bool operator==(const PeriodIndex&) const = default;
};

struct Events {
  std::vector<Event> events;

  static constexpr std::string_view kName = "events";
  static constexpr auto kFields = std::tuple{Field{"events", &Events::events}};
  bool operator==(const Events&) const = default;
};

struct Locations {
  std::vector<TeamTrack> teams;

  static constexpr std::string_view kName = "locations";
  static constexpr auto kFields = std::tuple{Field{"teams", &Locations::teams}};
  bool operator==(const Locations&) const = default;
};

struct PastLocations {
  std::vector<Location> track;

  static constexpr std::string_view kName = "past_locations";
  static constexpr auto kFields = std::tuple{Field{"track", &PastLocations::track}};
  bool operator==(const PastLocations&) const = default;
};

// The answer to Import: how many records were added (0 when a refused
// record undid the whole import), and every refused one.
struct Imported {
  std::uint64_t imported = 0;
  std::vector<ImportRejection> rejected;

  static constexpr std::string_view kName = "imported";
  static constexpr auto kFields =
      std::tuple{Field{"imported", &Imported::imported}, Field{"rejected", &Imported::rejected}};
  bool operator==(const Imported&) const = default;
};

struct CatalogueResult {
  Catalogue catalogue;

  static constexpr std::string_view kName = "catalogue";
  static constexpr auto kFields = std::tuple{Field{"catalogue", &CatalogueResult::catalogue}};
  bool operator==(const CatalogueResult&) const = default;
};

// A new login token (AddToken). `secret` is what the gateway's client logs
// in with; it is shown only in this answer (the engine keeps its keyed
// hash), so whoever asked must note it now.
struct TokenCreated {
  std::string name;
  TokenRole role = TokenRole::Spectator;
  std::string secret;

  static constexpr std::string_view kName = "token_created";
  static constexpr auto kFields =
      std::tuple{Field{"name", &TokenCreated::name}, Field{"role", &TokenCreated::role},
                 Field{"secret", &TokenCreated::secret}};
  bool operator==(const TokenCreated&) const = default;
};

// Every token, by name (ListTokens): names, roles and creation times only.
struct Tokens {
  std::vector<TokenInfo> tokens;

  static constexpr std::string_view kName = "tokens";
  static constexpr auto kFields = std::tuple{Field{"tokens", &Tokens::tokens}};
  bool operator==(const Tokens&) const = default;
};

using Result = std::variant<Success, Failure, Created, GlobalState, SessionState, ConfigResult,
                            PlayerResult, ChallengeSets, Challenges, Zones, Pictures, PictureIds,
                            PastGames, PastGameResult, PeriodIndex, Events, Locations,
                            PastLocations, Imported, CatalogueResult, TokenCreated, Tokens>;

}  // namespace truinlag
