// The organisers' catalogue as a file holds it: challenge sets, zones with
// their travel minutes, challenges, players and teams, referring to each other by
// name and number instead of ids (ids belong to one daemon; a file moves
// between daemons). `Import` adds a catalogue, `Export` returns one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "truinlag/basics.hpp"
#include "truinlag/challenge.hpp"
#include "truinlag/errors.hpp"

namespace truinlag {

struct CatalogueZone {
  std::int64_t number = 0;
  std::int64_t num_conn_zones = 0;
  std::int64_t num_connections = 0;
  bool train_through = false;
  bool mongus = false;
  bool s_bahn_zone = false;

  static constexpr auto kFields =
      std::tuple{Field{"number", &CatalogueZone::number},
                 Field{"num_conn_zones", &CatalogueZone::num_conn_zones},
                 Field{"num_connections", &CatalogueZone::num_connections},
                 Field{"train_through", &CatalogueZone::train_through},
                 Field{"mongus", &CatalogueZone::mongus},
                 Field{"s_bahn_zone", &CatalogueZone::s_bahn_zone}};
  bool operator==(const CatalogueZone&) const = default;
};

// Travel minutes between two zones, by zone number (directed).
struct CatalogueMinutes {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::int64_t minutes = 0;

  static constexpr auto kFields =
      std::tuple{Field{"from", &CatalogueMinutes::from}, Field{"to", &CatalogueMinutes::to},
                 Field{"minutes", &CatalogueMinutes::minutes}};
  bool operator==(const CatalogueMinutes&) const = default;
};

// A challenge with its sets by name and its zones by number; the
// challenge's own `id`, `sets`, `zones` and `last_edit` are ignored.
struct CatalogueChallenge {
  Challenge challenge;
  std::vector<std::string> sets;
  std::vector<std::int64_t> zones;

  static constexpr auto kFields = std::tuple{Field{"challenge", &CatalogueChallenge::challenge},
                                             Field{"sets", &CatalogueChallenge::sets},
                                             Field{"zones", &CatalogueChallenge::zones}};
  bool operator==(const CatalogueChallenge&) const = default;
};

// A player with the session by name (created by Import if missing).
struct CataloguePlayer {
  std::string name;
  std::optional<std::string> nickname;
  std::string passphrase;
  std::optional<std::uint64_t> discord_id;
  std::optional<std::string> phone;
  std::optional<std::string> session;

  static constexpr auto kFields = std::tuple{Field{"name", &CataloguePlayer::name},
                                             Field{"nickname", &CataloguePlayer::nickname},
                                             Field{"passphrase", &CataloguePlayer::passphrase},
                                             Field{"discord_id", &CataloguePlayer::discord_id},
                                             Field{"phone", &CataloguePlayer::phone},
                                             Field{"session", &CataloguePlayer::session}};
  bool operator==(const CataloguePlayer&) const = default;
};

// A session's team, both by name, with its players by name (Import creates
// a missing session, as for players; each player must be in that session).
struct CatalogueTeam {
  std::string session;
  std::string name;
  std::optional<Colour> colour;  // absent: the next palette colour
  std::optional<std::uint64_t> discord_channel;
  std::vector<std::string> players;

  static constexpr auto kFields =
      std::tuple{Field{"session", &CatalogueTeam::session}, Field{"name", &CatalogueTeam::name},
                 Field{"colour", &CatalogueTeam::colour},
                 Field{"discord_channel", &CatalogueTeam::discord_channel},
                 Field{"players", &CatalogueTeam::players}};
  bool operator==(const CatalogueTeam&) const = default;
};

// Import applies the parts in this order, each in file order, so later
// records may name earlier ones.
struct Catalogue {
  std::vector<std::string> challenge_sets;
  std::vector<CatalogueZone> zones;
  std::vector<CatalogueMinutes> zone_minutes;
  std::vector<CatalogueChallenge> challenges;
  std::vector<CataloguePlayer> players;
  std::vector<CatalogueTeam> teams;

  static constexpr auto kFields = std::tuple{Field{"challenge_sets", &Catalogue::challenge_sets},
                                             Field{"zones", &Catalogue::zones},
                                             Field{"zone_minutes", &Catalogue::zone_minutes},
                                             Field{"challenges", &Catalogue::challenges},
                                             Field{"players", &Catalogue::players},
                                             Field{"teams", &Catalogue::teams}};
  bool operator==(const Catalogue&) const = default;
};

// One record Import refused: which part ("challenges"), its index there,
// and the engine's reason.
struct ImportRejection {
  std::string part;
  std::uint64_t index = 0;
  Error error;

  static constexpr auto kFields =
      std::tuple{Field{"part", &ImportRejection::part}, Field{"index", &ImportRejection::index},
                 Field{"error", &ImportRejection::error}};
  bool operator==(const ImportRejection&) const = default;
};

}  // namespace truinlag
