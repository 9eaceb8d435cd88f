#include "engine/config_rules.hpp"

#include <utility>

#include "engine/local_time.hpp"

namespace truinlag::engine {
namespace {

// Config and ConfigPatch list the same fields in the same order (they are
// one template), so field I of one corresponds to field I of the other.
template <class Target, class Source, std::size_t... I>
void overlay(Target& target, const Source& source, std::index_sequence<I...>) {
  (
      [&] {
        const auto& value = source.*(std::get<I>(Source::kFields).member);
        if (value) target.*(std::get<I>(Target::kFields).member) = *value;
      }(),
      ...);
}

constexpr auto kFieldCount = std::tuple_size_v<decltype(Config::kFields)>;

}  // namespace

Config merged(Config base, const ConfigPatch& patch) {
  overlay(base, patch, std::make_index_sequence<kFieldCount>{});
  return base;
}

ConfigPatch merged(ConfigPatch base, const ConfigPatch& changes) {
  overlay(base, changes, std::make_index_sequence<kFieldCount>{});
  return base;
}

std::optional<std::string> config_problem(const Config& c, const ConfigPatch& changed) {
  // Each check names its key; checks of keys the caller did not touch
  // still run (a merged config must be valid as a whole).
  auto bad = [](const char* key, const std::string& why) {
    return std::optional<std::string>(std::string(key) + ": " + why);
  };
  auto non_negative = [&](const char* key, double value) -> std::optional<std::string> {
    if (value < 0) return bad(key, "must not be negative");
    return std::nullopt;
  };
  auto range_ok = [&](const char* key, const Range& r) -> std::optional<std::string> {
    if (!(r.start < r.end)) return bad(key, "range is empty or inverted");
    return std::nullopt;
  };
  auto probability = [&](const char* key, double p) -> std::optional<std::string> {
    if (!(p >= 0 && p <= 1)) return bad(key, "must lie in [0, 1]");
    return std::nullopt;
  };
  auto time_ok = [&](const char* key, const TimeOfDay& t) -> std::optional<std::string> {
    if (t.hour > 23 || t.minute > 59) return bad(key, "not a time of day");
    return std::nullopt;
  };
  for (auto problem : {
           non_negative("relative_standard_deviation", c.relative_standard_deviation),
           non_negative("num_catchers", static_cast<double>(c.num_catchers)),
           non_negative("grace_period_duration", static_cast<double>(c.grace_period_duration)),
           non_negative("bounty_start_points", static_cast<double>(c.bounty_start_points)),
           non_negative("specific_minutes", static_cast<double>(c.specific_minutes)),
           non_negative("perimeter_minutes", static_cast<double>(c.perimeter_minutes)),
           non_negative("zkaff_minutes", static_cast<double>(c.zkaff_minutes)),
           non_negative("end_game_minutes", static_cast<double>(c.end_game_minutes)),
           non_negative("time_wiggle_minutes", static_cast<double>(c.time_wiggle_minutes)),
           non_negative("perim_max_kaff", static_cast<double>(c.perim_max_kaff)),
           non_negative("bounty_base_points", static_cast<double>(c.bounty_base_points)),
           non_negative("underdog_starting_difference", c.underdog_starting_difference),
           non_negative("zkaff_station_distance_divisor", c.zkaff_station_distance_divisor),
           range_ok("perim_distance_range", c.perim_distance_range),
           range_ok("normal_period_near_distance_range", c.normal_period_near_distance_range),
           range_ok("normal_period_far_distance_range", c.normal_period_far_distance_range),
           range_ok("zkaff_ratio_range", c.zkaff_ratio_range),
           probability("regio_ratio", c.regio_ratio),
           probability("bounty_percentage", c.bounty_percentage),
           time_ok("start_time", c.start_time),
           time_ok("end_time", c.end_time),
       }) {
    if (problem) return problem;
  }
  if (c.zkaff_station_distance_divisor == 0) {
    return bad("zkaff_station_distance_divisor", "must not be 0");
  }
  if (c.num_challenges < 1) return bad("num_challenges", "must be at least 1");
  if (c.team_colours.empty()) return bad("team_colours", "needs at least one colour");
  const auto minutes = [](const TimeOfDay& t) { return t.hour * 60 + t.minute; };
  if (minutes(c.end_time) <= minutes(c.start_time)) {
    return bad(changed.start_time && !changed.end_time ? "start_time" : "end_time",
               "end_time must be later than start_time");
  }
  if (!is_time_zone(c.time_zone))
    return bad("time_zone", "unknown time zone '" + c.time_zone + "'");
  return std::nullopt;
}

}  // namespace truinlag::engine
