// The points of a drawn challenge (game-rules section 8, steps 1-8).
//
// Every step leaves an integer: the step's real-valued result is truncated
// toward zero, except the explicit floor of the zonic kaffness and the
// rounding of the wiggle. docs/challenges.md works one example through.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "truinlag/challenge.hpp"
#include "truinlag/config.hpp"
#include "truinlag/zone.hpp"

namespace truinlag::engine {

// max(0, floor((6 - num_conn_zones) x points_per_connected_zone_less_than_6
//   + (6 - sqrt(num_connections)) x points_per_bad_connectivity_index
//   + (train_through ? 0 : points_for_no_train) + (mongus ? points_for_mongus : 0)))
std::int64_t zonic_kaffness(const Zone& zone, const Config& config);

// Everything the formula reads besides the challenge and the config.
struct PointsInput {
  const Zone* zone = nullptr;                // the drawn zone, if any
  std::optional<std::int64_t> travel_minutes;  // team zone -> zone; nullopt: unknown
  bool zoned_zoneable = false;  // a Zoneable pinned to a zone (step 3 bonus)
  std::int64_t repetitions = 0;
  unsigned weekday = 1;  // in the session's time zone: 0 Sunday .. 6 Saturday
  bool underdog = true;  // false for the first draw at game start
  std::int64_t top_points = 0;
  std::int64_t team_points = 0;
};

// P after each step, for tests and logs.
struct PointsSteps {
  std::int64_t base = 0;      // 1
  std::int64_t zone = 0;      // 2
  std::int64_t kind = 0;      // 3
  std::int64_t weekend = 0;   // 4
  std::int64_t underdog = 0;  // 5
  std::int64_t wiggled = 0;   // 6
  std::int64_t fixed = 0;     // 7
  std::int64_t points = 0;    // 8: the result
};

// Steps 1-8; draws the wiggle (step 6) from rng unless its sigma is 0.
// Notes (unknown travel minutes, the fixed cutoff) are appended to notes.
PointsSteps challenge_points(const Challenge& challenge, const Config& config,
                             const PointsInput& input, std::mt19937_64& rng,
                             std::vector<std::string>& notes);

}  // namespace truinlag::engine
