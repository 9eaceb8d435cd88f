// Session configuration: defaults + overrides, and the range checks of
// SetConfig (game-rules section 9).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "truinlag/config.hpp"

namespace truinlag::engine {

// `base` with every value the patch sets replaced.
Config merged(Config base, const ConfigPatch& patch);

// `base` with every value `changes` sets replaced (overrides on overrides).
ConfigPatch merged(ConfigPatch base, const ConfigPatch& changes);

// The range of one numeric config key (for a Range key: of its start and
// its end). Every number of Config has one (a test walks them): wide
// enough for any game, narrow enough that minutes * 60,000 and the points
// formula stay far from the limits of int64 and double.
struct NumberRange {
  std::string_view key;
  double min;
  double max;
};

inline constexpr double kMaxConfigPoints = 1e9;      // points, bounties
inline constexpr double kMaxConfigFactor = 100'000;  // points per unit, multipliers
inline constexpr double kMaxConfigMinutes = 1440;    // a day
inline constexpr double kMaxConfigDistance = 1e6;    // km or metres, either way

// clang-format off
inline constexpr NumberRange kConfigRanges[] = {
    {"relative_standard_deviation", 0, 10},
    {"points_per_kaffness", 0, kMaxConfigFactor},
    {"points_per_grade", 0, kMaxConfigFactor},
    {"points_per_walking_minute", 0, kMaxConfigFactor},
    {"points_per_stationary_minute", 0, kMaxConfigFactor},
    {"travel_minutes_exponent", 0, 3},
    {"travel_minutes_multiplier", 0, kMaxConfigFactor},
    {"points_for_zoneable", 0, kMaxConfigFactor},
    {"zkaff_points_for_dead_end", 0, kMaxConfigFactor},
    {"zkaff_station_distance_divisor", 0.001, kMaxConfigDistance},
    {"zkaff_points_per_minute_to_hb", 0, kMaxConfigFactor},
    {"zkaff_departures_exponent", 0, 3},
    {"zkaff_departures_base", 0, kMaxConfigFactor},
    {"zkaff_departures_multiplier", 0, kMaxConfigFactor},
    {"fixed_cutoff_mult", 0, 1000},
    {"num_catchers", 0, 1000},
    {"grace_period_duration", 0, kMaxConfigMinutes},
    {"bounty_start_points", 0, kMaxConfigPoints},
    {"specific_minutes", 0, kMaxConfigMinutes},
    {"perimeter_minutes", 0, kMaxConfigMinutes},
    {"zkaff_minutes", 0, kMaxConfigMinutes},
    {"end_game_minutes", 0, kMaxConfigMinutes},
    {"time_wiggle_minutes", 0, kMaxConfigMinutes},
    {"underdog_starting_difference", 0, kMaxConfigPoints},
    {"underdog_multiplier_per_1000", 0, 1000},
    {"perim_max_kaff", 0, 100},
    {"perim_distance_range", 0, kMaxConfigDistance},
    {"normal_period_near_distance_range", 0, kMaxConfigDistance},
    {"normal_period_far_distance_range", 0, kMaxConfigDistance},
    {"points_per_connected_zone_less_than_6", 0, kMaxConfigFactor},
    {"points_per_bad_connectivity_index", 0, kMaxConfigFactor},
    {"points_for_no_train", 0, kMaxConfigFactor},
    {"points_for_mongus", 0, kMaxConfigFactor},
    {"centre_zone", 1, 1e9},
    {"num_challenges", 1, 100},
    {"regio_ratio", 0, 1},
    {"zkaff_ratio_range", 0, 1000},
    {"start_zone", 1, 1e9},
    {"bounty_base_points", 0, kMaxConfigPoints},
    {"bounty_percentage", 0, 1},
};
// clang-format on
inline constexpr std::size_t kMaxTeamColours = 64;
inline constexpr std::size_t kMaxConfigSets = 1000;

// The range of `key`, or nullopt for a key without numbers.
std::optional<NumberRange> config_range(std::string_view key);

// Checks a complete config; the error names the offending key, preferring
// a key the caller just changed.
std::optional<std::string> config_problem(const Config& config, const ConfigPatch& changed);

}  // namespace truinlag::engine
