#include "engine/config_rules.hpp"

#include <type_traits>
#include <utility>

#include "engine/input_rules.hpp"  // number_text
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

std::optional<NumberRange> config_range(std::string_view key) {
  for (const NumberRange& range : kConfigRanges) {
    if (range.key == key) return range;
  }
  return std::nullopt;
}

std::optional<std::string> config_problem(const Config& c, const ConfigPatch& changed) {
  // Each check names its key; checks of keys the caller did not touch
  // still run (a merged config must be valid as a whole).
  auto bad = [](std::string_view key, const std::string& why) {
    return std::optional<std::string>(std::string(key) + ": " + why);
  };
  // Every number lies in its documented range, so that no arithmetic on it
  // (minutes to milliseconds, the points formula) can overflow.
  std::optional<std::string> problem;
  std::apply(
      [&](const auto&... field) {
        (
            [&] {
              if (problem) return;
              const auto& value = c.*(field.member);
              using V = std::decay_t<decltype(value)>;
              const auto range = config_range(field.name);
              const auto check = [&](double number, const char* part) {
                if (!range || problem) return;
                if (!(number >= range->min && number <= range->max)) {
                  problem =
                      bad(field.name, std::string(part) + "must lie in [" +
                                          number_text(range->min) + ", " + number_text(range->max) +
                                          "], not " + number_text(number));
                }
              };
              if constexpr (std::is_arithmetic_v<V>) {
                check(static_cast<double>(value), "");
              } else if constexpr (std::is_same_v<V, Range>) {
                check(value.start, "start ");
                check(value.end, "end ");
              }
            }(),
            ...);
      },
      Config::kFields);
  if (problem) return problem;
  auto range_ok = [&](const char* key, const Range& r) -> std::optional<std::string> {
    if (!(r.start < r.end)) return bad(key, "range is empty or inverted");
    return std::nullopt;
  };
  auto time_ok = [&](const char* key, const TimeOfDay& t) -> std::optional<std::string> {
    if (t.hour > 23 || t.minute > 59) return bad(key, "not a time of day");
    return std::nullopt;
  };
  for (auto problem : {
           range_ok("perim_distance_range", c.perim_distance_range),
           range_ok("normal_period_near_distance_range", c.normal_period_near_distance_range),
           range_ok("normal_period_far_distance_range", c.normal_period_far_distance_range),
           range_ok("zkaff_ratio_range", c.zkaff_ratio_range),
           time_ok("start_time", c.start_time),
           time_ok("end_time", c.end_time),
       }) {
    if (problem) return problem;
  }
  if (c.team_colours.size() > kMaxTeamColours) {
    return bad("team_colours", "at most " + std::to_string(kMaxTeamColours) + " colours");
  }
  if (c.challenge_sets.size() > kMaxConfigSets) {
    return bad("challenge_sets", "at most " + std::to_string(kMaxConfigSets) + " sets");
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
