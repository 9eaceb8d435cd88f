// Sessions, running games and their events (derived from periods, plus
// the organisers' corrections).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "truinlag/basics.hpp"
#include "truinlag/config.hpp"

namespace truinlag {

// The public face of a running game (the snapshot stays in the engine).
struct GameInfo {
  std::string name;  // "<session name> am <YYYY-MM-DD>"
  Timestamp start = 0;
  Mode mode = Mode::Traditional;
  Timestamp end_alarm = 0;

  static constexpr auto kFields =
      std::tuple{Field{"name", &GameInfo::name}, Field{"start", &GameInfo::start},
                 Field{"mode", &GameInfo::mode}, Field{"end_alarm", &GameInfo::end_alarm}};
  bool operator==(const GameInfo&) const = default;
};

struct Session {
  SessionId id = 0;
  std::string name;
  Mode mode = Mode::Traditional;
  std::optional<std::uint64_t> discord_server;
  std::optional<std::uint64_t> discord_game_channel;
  std::optional<std::uint64_t> discord_admin_channel;
  ConfigPatch config;  // the overrides of the defaults
  std::optional<GameInfo> game;

  static constexpr auto kFields =
      std::tuple{Field{"id", &Session::id},
                 Field{"name", &Session::name},
                 Field{"mode", &Session::mode},
                 Field{"discord_server", &Session::discord_server},
                 Field{"discord_game_channel", &Session::discord_game_channel},
                 Field{"discord_admin_channel", &Session::discord_admin_channel},
                 Field{"config", &Session::config},
                 Field{"game", &Session::game}};
  bool operator==(const Session&) const = default;
};

// A catch, as an event of the game.
struct CatchEvent {
  TeamId catcher = 0;
  TeamId caught = 0;
  std::int64_t bounty = 0;
  Timestamp time = 0;
  std::vector<PictureId> pictures;
  std::optional<Location> location;

  static constexpr std::string_view kName = "catch";
  static constexpr auto kFields = std::tuple{
      Field{"catcher", &CatchEvent::catcher},   Field{"caught", &CatchEvent::caught},
      Field{"bounty", &CatchEvent::bounty},     Field{"time", &CatchEvent::time},
      Field{"pictures", &CatchEvent::pictures}, Field{"location", &CatchEvent::location}};
  bool operator==(const CatchEvent&) const = default;
};

// A completed challenge, as an event of the game.
struct CompleteEvent {
  std::string challenge;  // its title
  TeamId completer = 0;
  Timestamp time = 0;
  std::vector<PictureId> pictures;
  std::optional<Location> location;

  static constexpr std::string_view kName = "complete";
  static constexpr auto kFields = std::tuple{
      Field{"challenge", &CompleteEvent::challenge}, Field{"completer", &CompleteEvent::completer},
      Field{"time", &CompleteEvent::time}, Field{"pictures", &CompleteEvent::pictures},
      Field{"location", &CompleteEvent::location}};
  bool operator==(const CompleteEvent&) const = default;
};

// An organiser's correction of a team's points and bounty during a game
// (game-rules section 10, AdjustTeam), as an event of the game.
struct Correction {
  TeamId team = 0;
  std::int64_t points_delta = 0;
  std::int64_t bounty_delta = 0;
  std::string reason;
  Timestamp time = 0;

  static constexpr std::string_view kName = "correction";
  static constexpr auto kFields =
      std::tuple{Field{"team", &Correction::team}, Field{"points_delta", &Correction::points_delta},
                 Field{"bounty_delta", &Correction::bounty_delta},
                 Field{"reason", &Correction::reason}, Field{"time", &Correction::time}};
  bool operator==(const Correction&) const = default;
};

using Event = std::variant<CatchEvent, CompleteEvent, Correction>;

}  // namespace truinlag
