// The closed set of errors a command can answer (game-rules section 3).
//
// Every error that carries words carries them in one field named `text`
// (the thing not found, the team, the sentence saying what to do), so a
// client shows `text` without knowing the error; ChallengeLocked carries a
// time instead (`until`), which a client formats itself. Protocol 4 gave
// the six errors that used `what`/`name`/`team` this one name.
#pragma once

#include <string>
#include <variant>

#include "truinlag/basics.hpp"

namespace truinlag {

// A named thing does not exist.
struct NotFound {
  std::string text;

  static constexpr std::string_view kName = "not_found";
  static constexpr auto kFields = std::tuple{Field{"text", &NotFound::text}};
  bool operator==(const NotFound&) const = default;
};

// A unique name or number is taken.
struct AlreadyExists {
  std::string text;

  static constexpr std::string_view kName = "already_exists";
  static constexpr auto kFields = std::tuple{Field{"text", &AlreadyExists::text}};
  bool operator==(const AlreadyExists&) const = default;
};

// A team name equal or too similar to an existing one.
struct TeamExists {
  std::string text;

  static constexpr std::string_view kName = "team_exists";
  static constexpr auto kFields = std::tuple{Field{"text", &TeamExists::text}};
  bool operator==(const TeamExists&) const = default;
};

// A game runs in the session (text: which, and what to do).
struct GameInProgress {
  std::string text;

  static constexpr std::string_view kName = "game_in_progress";
  static constexpr auto kFields = std::tuple{Field{"text", &GameInProgress::text}};
  bool operator==(const GameInProgress&) const = default;
};

// No game runs in the session (text: which).
struct GameNotRunning {
  std::string text;

  static constexpr std::string_view kName = "game_not_running";
  static constexpr auto kFields = std::tuple{Field{"text", &GameNotRunning::text}};
  bool operator==(const GameNotRunning&) const = default;
};

// A runner team named where a catcher is needed (text: the team).
struct TeamIsRunner {
  std::string text;

  static constexpr std::string_view kName = "team_is_runner";
  static constexpr auto kFields = std::tuple{Field{"text", &TeamIsRunner::text}};
  bool operator==(const TeamIsRunner&) const = default;
};

// A catcher team named where a runner is needed (text: the team).
struct TeamIsCatcher {
  std::string text;

  static constexpr std::string_view kName = "team_is_catcher";
  static constexpr auto kFields = std::tuple{Field{"text", &TeamIsCatcher::text}};
  bool operator==(const TeamIsCatcher&) const = default;
};

// A catch between teams too far apart (text: how far, and the limit).
struct TeamsTooFar {
  std::string text;

  static constexpr std::string_view kName = "teams_too_far";
  static constexpr auto kFields = std::tuple{Field{"text", &TeamsTooFar::text}};
  bool operator==(const TeamsTooFar&) const = default;
};

// The caught team is still in its grace period (text: the team).
struct TeamInGracePeriod {
  std::string text;

  static constexpr std::string_view kName = "team_in_grace_period";
  static constexpr auto kFields = std::tuple{Field{"text", &TeamInGracePeriod::text}};
  bool operator==(const TeamInGracePeriod&) const = default;
};

// The challenge is locked by an action until a time (no text: a time).
struct ChallengeLocked {
  Timestamp until = 0;

  static constexpr std::string_view kName = "challenge_locked";
  static constexpr auto kFields = std::tuple{Field{"until", &ChallengeLocked::until}};
  bool operator==(const ChallengeLocked&) const = default;
};

// A completion too soon after the last (text: how long to wait).
struct TooRapid {
  std::string text;

  static constexpr std::string_view kName = "too_rapid";
  static constexpr auto kFields = std::tuple{Field{"text", &TooRapid::text}};
  bool operator==(const TooRapid&) const = default;
};

// Not enough challenges to draw from (text: how many, how many needed).
struct TooFewChallenges {
  std::string text;

  static constexpr std::string_view kName = "too_few_challenges";
  static constexpr auto kFields = std::tuple{Field{"text", &TooFewChallenges::text}};
  bool operator==(const TooFewChallenges&) const = default;
};

struct BadData {
  std::string text;

  static constexpr std::string_view kName = "bad_data";
  static constexpr auto kFields = std::tuple{Field{"text", &BadData::text}};
  bool operator==(const BadData&) const = default;
};

struct PictureProblem {
  std::string text;

  static constexpr std::string_view kName = "picture_problem";
  static constexpr auto kFields = std::tuple{Field{"text", &PictureProblem::text}};
  bool operator==(const PictureProblem&) const = default;
};

struct Internal {
  std::string text;

  static constexpr std::string_view kName = "internal";
  static constexpr auto kFields = std::tuple{Field{"text", &Internal::text}};
  bool operator==(const Internal&) const = default;
};

// The request could not be decoded; the connection is closed after it.
struct ProtocolError {
  std::string text;

  static constexpr std::string_view kName = "protocol_error";
  static constexpr auto kFields = std::tuple{Field{"text", &ProtocolError::text}};
  bool operator==(const ProtocolError&) const = default;
};

// The connection's role may not run this command, or not with these
// arguments (game-rules section 11); nothing changed. Only gateway
// connections get it: the unix socket's clients are admins.
struct Forbidden {
  std::string command;  // its kName, e.g. "add_session"
  std::string text;     // why, e.g. "a player may send only its own location"

  static constexpr std::string_view kName = "forbidden";
  static constexpr auto kFields =
      std::tuple{Field{"command", &Forbidden::command}, Field{"text", &Forbidden::text}};
  bool operator==(const Forbidden&) const = default;
};

// Resume could not replay: the broadcasts after the client's seq are no
// longer in the server's window, or they are of another epoch (a fresh or
// restored database). The client reads the state afresh and continues from
// `last_seq` of `epoch`.
struct ResyncRequired {
  std::uint64_t epoch = 0;      // the server's
  std::uint64_t first_seq = 0;  // the oldest broadcast the window holds (0: none)
  std::uint64_t last_seq = 0;   // the newest one sent

  static constexpr std::string_view kName = "resync_required";
  static constexpr auto kFields =
      std::tuple{Field{"epoch", &ResyncRequired::epoch},
                 Field{"first_seq", &ResyncRequired::first_seq},
                 Field{"last_seq", &ResyncRequired::last_seq}};
  bool operator==(const ResyncRequired&) const = default;
};

using Error =
    std::variant<NotFound, AlreadyExists, TeamExists, GameInProgress, GameNotRunning, TeamIsRunner,
                 TeamIsCatcher, TeamsTooFar, TeamInGracePeriod, ChallengeLocked, TooRapid,
                 TooFewChallenges, BadData, PictureProblem, Internal, ProtocolError, Forbidden,
                 ResyncRequired>;

// One line for people: "NotFound: session 7", "GameInProgress".
std::string describe(const Error& error);

}  // namespace truinlag
