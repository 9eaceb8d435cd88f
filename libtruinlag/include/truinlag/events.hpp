// The closed set of broadcasts (game-rules sections 3 and 6).
//
// Broadcasts carry full team objects, as GetState shows them, so a client
// can update its view without asking again.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "truinlag/basics.hpp"
#include "truinlag/session.hpp"
#include "truinlag/team.hpp"

namespace truinlag {

struct Pinged {
  std::optional<std::string> payload;

  static constexpr std::string_view kName = "pinged";
  static constexpr auto kFields = std::tuple{Field{"payload", &Pinged::payload}};
  bool operator==(const Pinged&) const = default;
};

struct PlayerChangedSession {
  PlayerId player = 0;
  std::optional<SessionId> from;
  std::optional<SessionId> to;

  static constexpr std::string_view kName = "player_changed_session";
  static constexpr auto kFields = std::tuple{Field{"player", &PlayerChangedSession::player},
                                             Field{"from", &PlayerChangedSession::from},
                                             Field{"to", &PlayerChangedSession::to}};
  bool operator==(const PlayerChangedSession&) const = default;
};

struct PlayerDeleted {
  PlayerId player = 0;

  static constexpr std::string_view kName = "player_deleted";
  static constexpr auto kFields = std::tuple{Field{"player", &PlayerDeleted::player}};
  bool operator==(const PlayerDeleted&) const = default;
};

struct PlayerChangedTeam {
  SessionId session = 0;
  PlayerId player = 0;
  std::optional<TeamId> from;
  std::optional<TeamId> to;

  static constexpr std::string_view kName = "player_changed_team";
  static constexpr auto kFields = std::tuple{
      Field{"session", &PlayerChangedTeam::session}, Field{"player", &PlayerChangedTeam::player},
      Field{"from", &PlayerChangedTeam::from}, Field{"to", &PlayerChangedTeam::to}};
  bool operator==(const PlayerChangedTeam&) const = default;
};

struct TeamMadeCatcher {
  Team team;

  static constexpr std::string_view kName = "team_made_catcher";
  static constexpr auto kFields = std::tuple{Field{"team", &TeamMadeCatcher::team}};
  bool operator==(const TeamMadeCatcher&) const = default;
};

struct TeamMadeRunner {
  Team team;

  static constexpr std::string_view kName = "team_made_runner";
  static constexpr auto kFields = std::tuple{Field{"team", &TeamMadeRunner::team}};
  bool operator==(const TeamMadeRunner&) const = default;
};

struct Started {
  std::vector<Team> teams;
  GameInfo game;

  static constexpr std::string_view kName = "started";
  static constexpr auto kFields =
      std::tuple{Field{"teams", &Started::teams}, Field{"game", &Started::game}};
  bool operator==(const Started&) const = default;
};

struct Ended {
  static constexpr std::string_view kName = "ended";
  static constexpr auto kFields = std::tuple{};
  bool operator==(const Ended&) const = default;
};

struct Caught {
  Team catcher;
  Team caught;

  static constexpr std::string_view kName = "caught";
  static constexpr auto kFields =
      std::tuple{Field{"catcher", &Caught::catcher}, Field{"caught", &Caught::caught}};
  bool operator==(const Caught&) const = default;
};

struct Completed {
  Team team;
  CompletedChallenge challenge;

  static constexpr std::string_view kName = "completed";
  static constexpr auto kFields =
      std::tuple{Field{"team", &Completed::team}, Field{"challenge", &Completed::challenge}};
  bool operator==(const Completed&) const = default;
};

struct LocationSent {
  TeamId team = 0;
  Location location;

  static constexpr std::string_view kName = "location";
  static constexpr auto kFields =
      std::tuple{Field{"team", &LocationSent::team}, Field{"location", &LocationSent::location}};
  bool operator==(const LocationSent&) const = default;
};

struct TeamLeftGracePeriod {
  Team team;

  static constexpr std::string_view kName = "team_left_grace_period";
  static constexpr auto kFields = std::tuple{Field{"team", &TeamLeftGracePeriod::team}};
  bool operator==(const TeamLeftGracePeriod&) const = default;
};

// A runner team drew a trap challenge (game-rules section 2): the catchers
// are told where it is and the challenge's message. On the unix socket
// every client is admin and receives it; the gateway gives it to player
// connections only while their team is a catcher (section 11).
struct TrapSet {
  TeamId team = 0;  // the runner team that drew the trap
  OpenChallenge challenge;
  std::optional<std::string> message;

  static constexpr std::string_view kName = "trap_set";
  static constexpr auto kFields =
      std::tuple{Field{"team", &TrapSet::team}, Field{"challenge", &TrapSet::challenge},
                 Field{"message", &TrapSet::message}};
  bool operator==(const TrapSet&) const = default;
};

// An organiser corrected a team's points and bounty (AdjustTeam, game-rules
// section 10): the team as it is now and the correction's event.
struct TeamAdjusted {
  Team team;
  Correction correction;

  static constexpr std::string_view kName = "team_adjusted";
  static constexpr auto kFields = std::tuple{Field{"team", &TeamAdjusted::team},
                                             Field{"correction", &TeamAdjusted::correction}};
  bool operator==(const TeamAdjusted&) const = default;
};

using BroadcastEvent =
    std::variant<Pinged, PlayerChangedSession, PlayerDeleted, PlayerChangedTeam, TeamMadeCatcher,
                 TeamMadeRunner, Started, Ended, Caught, Completed, LocationSent,
                 TeamLeftGracePeriod, TrapSet, TeamAdjusted>;

}  // namespace truinlag
