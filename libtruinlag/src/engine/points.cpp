#include "engine/points.hpp"

#include <algorithm>
#include <cmath>

namespace truinlag::engine {
namespace {

// Points are far below this with any config and challenge in range (see
// config_rules.hpp); the clamp only makes sure that a value out of range
// can never reach an undefined double-to-integer conversion.
constexpr double kPointsBound = 1e15;

// NaN as 0, anything else into [-kPointsBound, kPointsBound].
double bounded(double value) {
  if (std::isnan(value)) return 0;
  return std::clamp(value, -kPointsBound, kPointsBound);
}

// A step's result: real arithmetic, then truncated toward zero.
std::int64_t truncated(double value) {
  return static_cast<std::int64_t>(std::trunc(bounded(value)));
}

double as_real(std::int64_t value) { return static_cast<double>(value); }

}  // namespace

std::int64_t zonic_kaffness(const Zone& zone, const Config& config) {
  const double raw =
      (6 - as_real(zone.num_conn_zones)) * config.points_per_connected_zone_less_than_6 +
      (6 - std::sqrt(as_real(zone.num_connections))) * config.points_per_bad_connectivity_index +
      (zone.train_through ? 0.0 : config.points_for_no_train) +
      (zone.mongus ? config.points_for_mongus : 0.0);
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(bounded(raw))));
}

PointsSteps challenge_points(const Challenge& c, const Config& config, const PointsInput& input,
                             std::mt19937_64& rng, std::vector<std::string>& notes) {
  PointsSteps steps;
  // 1. What the challenge itself asks for.
  std::int64_t p = truncated(as_real(c.additional_points) +
                             as_real(c.kaffskala.value_or(0)) * config.points_per_kaffness +
                             as_real(c.grade.value_or(0)) * config.points_per_grade +
                             as_real(c.walking_minutes) * config.points_per_walking_minute +
                             as_real(c.stationary_minutes) * config.points_per_stationary_minute +
                             as_real(input.repetitions) * as_real(c.points_per_rep));
  steps.base = p;

  // 2. Where it is: the zone's remoteness and the travel to it.
  if (input.zone) {
    double travel = 0;
    if (input.travel_minutes) {
      travel = config.travel_minutes_multiplier *
               std::pow(as_real(*input.travel_minutes), config.travel_minutes_exponent);
    } else {
      notes.push_back("travel minutes to zone " + std::to_string(input.zone->number) +
                      " unknown: no travel points for '" + c.title.value_or(c.place.value_or("?")) +
                      "'");
    }
    p = truncated(as_real(p) + as_real(zonic_kaffness(*input.zone, config)) + travel);
  }
  steps.zone = p;

  // 3. Kind-specific terms.
  if (c.kind == ChallengeKind::ZKaff) {
    const double divisor = config.zkaff_station_distance_divisor;
    p = truncated(as_real(p) + (c.dead_end ? config.zkaff_points_for_dead_end : 0.0) +
                  (divisor != 0 ? as_real(c.station_distance) / divisor : 0.0) +
                  as_real(c.minutes_to_hb) * config.zkaff_points_per_minute_to_hb +
                  (config.zkaff_departures_base -
                   std::pow(c.departures_per_hour, config.zkaff_departures_exponent)) *
                      config.zkaff_departures_multiplier);
  } else if (input.zoned_zoneable) {
    p = truncated(as_real(p) + config.points_for_zoneable);
  }
  steps.kind = p;

  // 4. Weekend bias, by the day in the session's time zone.
  if (input.weekday == 6) p = truncated(as_real(p) * c.bias_sat);
  if (input.weekday == 0) p = truncated(as_real(p) * c.bias_sun);
  steps.weekend = p;

  // 5. Underdog: teams far behind the leader get more.
  if (input.underdog) {
    const double d =
        as_real(input.top_points - input.team_points) - config.underdog_starting_difference;
    if (d > 0) p = truncated(as_real(p) * (1 + d * config.underdog_multiplier_per_1000 / 1000));
  }
  steps.underdog = p;

  // 6. Wiggle: Normal(0, |P| x relative_standard_deviation), rounded.
  const double sigma = std::abs(as_real(p)) * config.relative_standard_deviation;
  if (sigma > 0)
    p += static_cast<std::int64_t>(
        std::llround(bounded(std::normal_distribution<double>(0, sigma)(rng))));
  steps.wiggled = p;

  // 7. Fixed challenges are worth their fixed part, unless the rest of the
  //    formula gives more than fixed_cutoff_mult times that.
  if (c.fixed) {
    const std::int64_t f = c.additional_points + input.repetitions * c.points_per_rep;
    if (as_real(p - f) > as_real(f) * config.fixed_cutoff_mult) {
      notes.push_back("fixed challenge '" + c.title.value_or(c.place.value_or("?")) +
                      "': formula part " + std::to_string(p - f) + " exceeds " + std::to_string(f) +
                      " x fixed_cutoff_mult; using it");
      p = p - f;
    } else {
      p = f;
    }
  }
  steps.fixed = p;

  // 8. Never negative.
  steps.points = std::max<std::int64_t>(0, p);
  return steps;
}

}  // namespace truinlag::engine
