// Session configuration (game-rules section 9).
//
// One field list serves two types: `Config` (every value, with the
// defaults of the rules) and `ConfigPatch` (every value optional; what
// SetConfig sends and what a session stores as its overrides). They are
// instances of one template so they can never drift apart.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "truinlag/basics.hpp"

namespace truinlag {

namespace config_detail {
template <class T>
using Plain = T;

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

// The default of a field: the rule's value in a Config, nothing in a patch.
template <template <class> class Wrap, class T>
Wrap<T> fallback(T value) {
  if constexpr (is_optional<Wrap<T>>) {
    return std::nullopt;
  } else {
    return value;
  }
}

inline std::vector<Colour> default_palette() {
  return {{93, 156, 236}, {79, 193, 233}, {72, 207, 173},  {160, 212, 104}, {255, 206, 84},
          {252, 110, 81}, {237, 85, 101}, {171, 146, 236}, {236, 135, 192}};
}
}  // namespace config_detail

template <template <class> class W>
struct BasicConfig {
  template <class T>
  static W<T> d(T value) {
    return config_detail::fallback<W, T>(std::move(value));
  }

  W<double> relative_standard_deviation = d(0.05);
  W<double> points_per_kaffness = d(90.0);
  W<double> points_per_grade = d(20.0);
  W<double> points_per_walking_minute = d(10.0);
  W<double> points_per_stationary_minute = d(10.0);
  W<double> travel_minutes_exponent = d(1.4);
  W<double> travel_minutes_multiplier = d(3.0);
  W<double> points_for_zoneable = d(100.0);
  W<double> zkaff_points_for_dead_end = d(50.0);
  W<double> zkaff_station_distance_divisor = d(20.0);
  W<double> zkaff_points_per_minute_to_hb = d(5.0);
  W<double> zkaff_departures_exponent = d(1.0 / 3.0);
  W<double> zkaff_departures_base = d(7.0);
  W<double> zkaff_departures_multiplier = d(32.0);
  W<double> fixed_cutoff_mult = d(2.0);
  W<std::int64_t> num_catchers = d<std::int64_t>(3);
  W<std::int64_t> grace_period_duration = d<std::int64_t>(15);  // minutes
  W<std::int64_t> bounty_start_points = d<std::int64_t>(500);
  W<TimeOfDay> start_time = d(TimeOfDay{9, 0});
  W<TimeOfDay> end_time = d(TimeOfDay{17, 0});
  W<std::string> time_zone = d(std::string("Europe/Zurich"));
  W<std::int64_t> specific_minutes = d<std::int64_t>(15);
  W<std::int64_t> perimeter_minutes = d<std::int64_t>(90);
  W<std::int64_t> zkaff_minutes = d<std::int64_t>(90);
  W<std::int64_t> end_game_minutes = d<std::int64_t>(30);
  W<std::int64_t> time_wiggle_minutes = d<std::int64_t>(7);
  W<double> underdog_starting_difference = d(1000.0);
  W<double> underdog_multiplier_per_1000 = d(0.25);
  W<std::int64_t> perim_max_kaff = d<std::int64_t>(4);
  W<Range> perim_distance_range = d(Range{20, 61});
  W<Range> normal_period_near_distance_range = d(Range{0, 26});
  W<Range> normal_period_far_distance_range = d(Range{40, 71});
  W<double> points_per_connected_zone_less_than_6 = d(15.0);
  W<double> points_per_bad_connectivity_index = d(25.0);
  W<double> points_for_no_train = d(30.0);
  W<double> points_for_mongus = d(50.0);
  W<std::int64_t> centre_zone = d<std::int64_t>(110);  // a zone number
  W<std::vector<ChallengeSetId>> challenge_sets = d(std::vector<ChallengeSetId>{});
  W<std::int64_t> num_challenges = d<std::int64_t>(3);
  W<double> regio_ratio = d(0.4);
  W<Range> zkaff_ratio_range = d(Range{0.2, 1.2});
  W<std::int64_t> start_zone = d<std::int64_t>(110);  // a zone number
  W<std::int64_t> bounty_base_points = d<std::int64_t>(0);
  W<double> bounty_percentage = d(0.3);
  W<std::vector<Colour>> team_colours = d(config_detail::default_palette());
  W<std::string> default_challenge_title = d(std::string("[Kreative Titel]"));
  W<std::string> default_challenge_description =
      d(std::string("Ihr hend Päch, die Challenge isch unlösbar. Ihr müend e anderi uswähle."));
  // Text templates of drawn challenges (section 8, "Texts"). %p is the
  // challenge's place; %z and %s the zone number; %r the repetitions.
  W<std::string> place_title_template = d(std::string("Usflug uf %p"));
  W<std::string> place_description_template = d(std::string("Gönd nach %p."));
  W<std::string> zkaff_title_template = d(std::string("Züridrift nach %p"));
  W<std::string> zkaff_description_template = d(std::string("Gönd zu de Station %p in Züri."));
  W<std::string> no_disembark_prefix = d(std::string("🛤️ "));
  W<std::string> zoneable_note =
      d(std::string(" ⚠️ Damit ihr Pünkt überchömed, mached das i de Zone %z."));

  static constexpr auto kFields = std::tuple{
      Field{"relative_standard_deviation", &BasicConfig::relative_standard_deviation},
      Field{"points_per_kaffness", &BasicConfig::points_per_kaffness},
      Field{"points_per_grade", &BasicConfig::points_per_grade},
      Field{"points_per_walking_minute", &BasicConfig::points_per_walking_minute},
      Field{"points_per_stationary_minute", &BasicConfig::points_per_stationary_minute},
      Field{"travel_minutes_exponent", &BasicConfig::travel_minutes_exponent},
      Field{"travel_minutes_multiplier", &BasicConfig::travel_minutes_multiplier},
      Field{"points_for_zoneable", &BasicConfig::points_for_zoneable},
      Field{"zkaff_points_for_dead_end", &BasicConfig::zkaff_points_for_dead_end},
      Field{"zkaff_station_distance_divisor", &BasicConfig::zkaff_station_distance_divisor},
      Field{"zkaff_points_per_minute_to_hb", &BasicConfig::zkaff_points_per_minute_to_hb},
      Field{"zkaff_departures_exponent", &BasicConfig::zkaff_departures_exponent},
      Field{"zkaff_departures_base", &BasicConfig::zkaff_departures_base},
      Field{"zkaff_departures_multiplier", &BasicConfig::zkaff_departures_multiplier},
      Field{"fixed_cutoff_mult", &BasicConfig::fixed_cutoff_mult},
      Field{"num_catchers", &BasicConfig::num_catchers},
      Field{"grace_period_duration", &BasicConfig::grace_period_duration},
      Field{"bounty_start_points", &BasicConfig::bounty_start_points},
      Field{"start_time", &BasicConfig::start_time},
      Field{"end_time", &BasicConfig::end_time},
      Field{"time_zone", &BasicConfig::time_zone},
      Field{"specific_minutes", &BasicConfig::specific_minutes},
      Field{"perimeter_minutes", &BasicConfig::perimeter_minutes},
      Field{"zkaff_minutes", &BasicConfig::zkaff_minutes},
      Field{"end_game_minutes", &BasicConfig::end_game_minutes},
      Field{"time_wiggle_minutes", &BasicConfig::time_wiggle_minutes},
      Field{"underdog_starting_difference", &BasicConfig::underdog_starting_difference},
      Field{"underdog_multiplier_per_1000", &BasicConfig::underdog_multiplier_per_1000},
      Field{"perim_max_kaff", &BasicConfig::perim_max_kaff},
      Field{"perim_distance_range", &BasicConfig::perim_distance_range},
      Field{"normal_period_near_distance_range", &BasicConfig::normal_period_near_distance_range},
      Field{"normal_period_far_distance_range", &BasicConfig::normal_period_far_distance_range},
      Field{"points_per_connected_zone_less_than_6",
            &BasicConfig::points_per_connected_zone_less_than_6},
      Field{"points_per_bad_connectivity_index", &BasicConfig::points_per_bad_connectivity_index},
      Field{"points_for_no_train", &BasicConfig::points_for_no_train},
      Field{"points_for_mongus", &BasicConfig::points_for_mongus},
      Field{"centre_zone", &BasicConfig::centre_zone},
      Field{"challenge_sets", &BasicConfig::challenge_sets},
      Field{"num_challenges", &BasicConfig::num_challenges},
      Field{"regio_ratio", &BasicConfig::regio_ratio},
      Field{"zkaff_ratio_range", &BasicConfig::zkaff_ratio_range},
      Field{"start_zone", &BasicConfig::start_zone},
      Field{"bounty_base_points", &BasicConfig::bounty_base_points},
      Field{"bounty_percentage", &BasicConfig::bounty_percentage},
      Field{"team_colours", &BasicConfig::team_colours},
      Field{"default_challenge_title", &BasicConfig::default_challenge_title},
      Field{"default_challenge_description", &BasicConfig::default_challenge_description},
      Field{"place_title_template", &BasicConfig::place_title_template, 2},
      Field{"place_description_template", &BasicConfig::place_description_template, 2},
      Field{"zkaff_title_template", &BasicConfig::zkaff_title_template, 2},
      Field{"zkaff_description_template", &BasicConfig::zkaff_description_template, 2},
      Field{"no_disembark_prefix", &BasicConfig::no_disembark_prefix, 2},
      Field{"zoneable_note", &BasicConfig::zoneable_note, 2}};
  bool operator==(const BasicConfig&) const = default;
};

// Every value of a session's configuration.
using Config = BasicConfig<config_detail::Plain>;
// A subset of values: SetConfig's argument and a session's stored overrides.
using ConfigPatch = BasicConfig<std::optional>;

}  // namespace truinlag
