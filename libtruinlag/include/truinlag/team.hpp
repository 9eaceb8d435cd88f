// Teams of a session, their open challenges and finished periods.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "truinlag/basics.hpp"

namespace truinlag {

// A challenge a runner team may complete now (drawn or added by an admin).
struct OpenChallenge {
  std::optional<ChallengeId> challenge;  // absent for AddChallengeToTeam
  std::string title;
  std::string description;
  std::optional<ZoneId> zone;
  std::int64_t points = 0;
  std::optional<Timestamp> locked_until;  // action lock (section 8)
  // The challenge's translations (language -> text), with the same
  // substitutions as title and description.
  std::map<std::string, std::string> translated_titles;
  std::map<std::string, std::string> translated_descriptions;

  static constexpr auto kFields = std::tuple{Field{"challenge", &OpenChallenge::challenge},
                                             Field{"title", &OpenChallenge::title},
                                             Field{"description", &OpenChallenge::description},
                                             Field{"zone", &OpenChallenge::zone},
                                             Field{"points", &OpenChallenge::points},
                                             Field{"locked_until", &OpenChallenge::locked_until},
                                             Field{"translated_titles",
                                                   &OpenChallenge::translated_titles, 2},
                                             Field{"translated_descriptions",
                                                   &OpenChallenge::translated_descriptions, 2}};
  bool operator==(const OpenChallenge&) const = default;
};

// What ended a period: the team completed a challenge...
struct CompletedChallenge {
  std::string title;
  std::string description;
  std::optional<ZoneId> zone;
  std::int64_t points = 0;
  std::optional<ChallengeId> challenge;

  static constexpr std::string_view kName = "completed_challenge";
  static constexpr auto kFields = std::tuple{Field{"title", &CompletedChallenge::title},
                                             Field{"description", &CompletedChallenge::description},
                                             Field{"zone", &CompletedChallenge::zone},
                                             Field{"points", &CompletedChallenge::points},
                                             Field{"challenge", &CompletedChallenge::challenge}};
  bool operator==(const CompletedChallenge&) const = default;
};

// ...or this team caught `caught` and took its bounty...
struct CaughtSomeone {
  TeamId caught = 0;
  std::int64_t bounty = 0;

  static constexpr std::string_view kName = "catcher";
  static constexpr auto kFields =
      std::tuple{Field{"caught", &CaughtSomeone::caught}, Field{"bounty", &CaughtSomeone::bounty}};
  bool operator==(const CaughtSomeone&) const = default;
};

// ...or this team was caught by `catcher`.
struct WasCaught {
  TeamId catcher = 0;
  std::int64_t bounty = 0;

  static constexpr std::string_view kName = "caught";
  static constexpr auto kFields =
      std::tuple{Field{"catcher", &WasCaught::catcher}, Field{"bounty", &WasCaught::bounty}};
  bool operator==(const WasCaught&) const = default;
};

using PeriodContext = std::variant<CompletedChallenge, CaughtSomeone, WasCaught>;

// One finished phase of a team.
struct Period {
  PeriodContext context;
  Timestamp end_time = 0;
  std::uint64_t track_start = 0;  // index range [track_start, track_end)
  std::uint64_t track_end = 0;    // of the team's location track
  std::vector<PictureId> pictures;

  static constexpr auto kFields =
      std::tuple{Field{"context", &Period::context}, Field{"end_time", &Period::end_time},
                 Field{"track_start", &Period::track_start}, Field{"track_end", &Period::track_end},
                 Field{"pictures", &Period::pictures}};
  bool operator==(const Period&) const = default;
};

// A team as clients see it (GetState, broadcasts). The location track is
// left out: it grows all day, and GetLocations serves it on demand.
struct Team {
  TeamId id = 0;
  SessionId session = 0;
  std::string name;
  std::optional<PictureId> picture;
  std::vector<PlayerId> players;
  std::optional<std::uint64_t> discord_channel;
  Role role = Role::Runner;
  Colour colour;
  std::int64_t points = 0;
  std::int64_t bounty = 0;
  std::optional<ZoneId> zone;
  std::optional<Location> location;
  std::vector<OpenChallenge> challenges;
  std::vector<Period> periods;
  std::optional<Timestamp> grace_period_end;

  static constexpr auto kFields = std::tuple{Field{"id", &Team::id},
                                             Field{"session", &Team::session},
                                             Field{"name", &Team::name},
                                             Field{"picture", &Team::picture},
                                             Field{"players", &Team::players},
                                             Field{"discord_channel", &Team::discord_channel},
                                             Field{"role", &Team::role},
                                             Field{"colour", &Team::colour},
                                             Field{"points", &Team::points},
                                             Field{"bounty", &Team::bounty},
                                             Field{"zone", &Team::zone},
                                             Field{"location", &Team::location},
                                             Field{"challenges", &Team::challenges},
                                             Field{"periods", &Team::periods},
                                             Field{"grace_period_end", &Team::grace_period_end}};
  bool operator==(const Team&) const = default;
};

// A team's location track (GetLocations).
struct TeamTrack {
  TeamId team = 0;
  std::vector<Location> track;

  static constexpr auto kFields =
      std::tuple{Field{"team", &TeamTrack::team}, Field{"track", &TeamTrack::track}};
  bool operator==(const TeamTrack&) const = default;
};

}  // namespace truinlag
