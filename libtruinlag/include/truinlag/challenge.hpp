// Challenges as the organisers write them (game-rules section 2).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "truinlag/basics.hpp"

namespace truinlag {

enum class ChallengeKind : std::uint8_t {
  Kaff,               // go to a remote village
  Ortsspezifisch,     // place-specific
  Regionsspezifisch,  // region-specific
  Unspezifisch,       // anywhere
  Zoneable,           // anywhere, may be pinned to a zone for extra points
  ZKaff,              // a remote stop inside the city zone
};
template <>
struct EnumNames<ChallengeKind> {
  static constexpr std::array<std::string_view, 6> names{
      "kaff", "ortsspezifisch", "regionsspezifisch", "unspezifisch", "zoneable", "zkaff"};
};

enum class ChallengeStatus : std::uint8_t {
  Approved,
  Edited,
  Rejected,
  Glorious,
  ToSort,
  Refactor
};
template <>
struct EnumNames<ChallengeStatus> {
  static constexpr std::array<std::string_view, 6> names{"approved", "edited",  "rejected",
                                                         "glorious", "to_sort", "refactor"};
};

enum class RandomPlaceType : std::uint8_t { Zone, SBahnZone };
template <>
struct EnumNames<RandomPlaceType> {
  static constexpr std::array<std::string_view, 2> names{"zone", "s_bahn_zone"};
};

// The challenge cannot be completed for `minutes` after it is drawn
// (absent: the drawn repetition count).
struct UncompletableMinutes {
  std::optional<std::int64_t> minutes;

  static constexpr std::string_view kName = "uncompletable_minutes";
  static constexpr auto kFields = std::tuple{Field{"minutes", &UncompletableMinutes::minutes}};
  bool operator==(const UncompletableMinutes&) const = default;
};

// Same lock as UncompletableMinutes; catchers are told the message.
struct Trap {
  std::optional<std::int64_t> stuck_minutes;
  std::optional<std::string> catcher_message;

  static constexpr std::string_view kName = "trap";
  static constexpr auto kFields = std::tuple{Field{"stuck_minutes", &Trap::stuck_minutes},
                                             Field{"catcher_message", &Trap::catcher_message}};
  bool operator==(const Trap&) const = default;
};

using ChallengeAction = std::variant<UncompletableMinutes, Trap>;

struct ChallengeSet {
  ChallengeSetId id = 0;
  std::string name;

  static constexpr auto kFields =
      std::tuple{Field{"id", &ChallengeSet::id}, Field{"name", &ChallengeSet::name}};
  bool operator==(const ChallengeSet&) const = default;
};

// A raw challenge. `id` is 0 in AddChallenge and set in SetChallenge.
struct Challenge {
  ChallengeId id = 0;
  ChallengeKind kind = ChallengeKind::Unspezifisch;
  std::vector<ChallengeSetId> sets;
  ChallengeStatus status = ChallengeStatus::ToSort;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<RandomPlaceType> random_place;
  std::optional<std::string> place;
  std::string comment;
  std::optional<std::int64_t> kaffskala;  // 1..6
  std::optional<std::int64_t> grade;      // 1..6
  std::vector<ZoneId> zones;
  double bias_sat = 1.0;
  double bias_sun = 1.0;
  std::int64_t walking_minutes = 0;
  std::int64_t stationary_minutes = 0;
  std::int64_t additional_points = 0;
  IntRange repetitions;
  std::int64_t points_per_rep = 0;
  std::int64_t station_distance = 0;  // metres
  std::int64_t minutes_to_hb = 0;
  double departures_per_hour = 0;
  bool dead_end = false;
  bool no_disembark = false;
  bool fixed = false;
  std::optional<bool> in_perimeter_override;
  std::map<std::string, std::string> translated_titles;
  std::map<std::string, std::string> translated_descriptions;
  std::optional<ChallengeAction> action;
  Timestamp last_edit = 0;

  static constexpr auto kFields =
      std::tuple{Field{"id", &Challenge::id},
                 Field{"kind", &Challenge::kind},
                 Field{"sets", &Challenge::sets},
                 Field{"status", &Challenge::status},
                 Field{"title", &Challenge::title},
                 Field{"description", &Challenge::description},
                 Field{"random_place", &Challenge::random_place},
                 Field{"place", &Challenge::place},
                 Field{"comment", &Challenge::comment},
                 Field{"kaffskala", &Challenge::kaffskala},
                 Field{"grade", &Challenge::grade},
                 Field{"zones", &Challenge::zones},
                 Field{"bias_sat", &Challenge::bias_sat},
                 Field{"bias_sun", &Challenge::bias_sun},
                 Field{"walking_minutes", &Challenge::walking_minutes},
                 Field{"stationary_minutes", &Challenge::stationary_minutes},
                 Field{"additional_points", &Challenge::additional_points},
                 Field{"repetitions", &Challenge::repetitions},
                 Field{"points_per_rep", &Challenge::points_per_rep},
                 Field{"station_distance", &Challenge::station_distance},
                 Field{"minutes_to_hb", &Challenge::minutes_to_hb},
                 Field{"departures_per_hour", &Challenge::departures_per_hour},
                 Field{"dead_end", &Challenge::dead_end},
                 Field{"no_disembark", &Challenge::no_disembark},
                 Field{"fixed", &Challenge::fixed},
                 Field{"in_perimeter_override", &Challenge::in_perimeter_override},
                 Field{"translated_titles", &Challenge::translated_titles},
                 Field{"translated_descriptions", &Challenge::translated_descriptions},
                 Field{"action", &Challenge::action},
                 Field{"last_edit", &Challenge::last_edit}};
  bool operator==(const Challenge&) const = default;
};

}  // namespace truinlag
